/**
 * Node.js building blocks of Releases for Backstage: Git access, the
 * environment repository and backend extension points.
 *
 * @packageDocumentation
 */
export * from './git';
export * from './extensions';
