/**
 * Backend of Releases for Backstage.
 *
 * @packageDocumentation
 */
export { releasesPlugin as default } from './plugin';
