/**
 * Test utilities of Releases for Backstage.
 *
 * @packageDocumentation
 */
export { GitFixture } from './GitFixture';
