/**
 * API client of Releases for Backstage, shared by the Releases frontend
 * plugin and by other plugins that want release data of catalog entities.
 *
 * @packageDocumentation
 */
export * from './api';
