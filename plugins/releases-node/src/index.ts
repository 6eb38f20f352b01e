/**
 * Node.js building blocks of Releases for Backstage.
 *
 * @packageDocumentation
 */
export * from './git';
