/**
 * Node.js building blocks of Releases for Backstage: Git access, the
 * environment repository and backend extension points.
 *
 * @packageDocumentation
 */
export * from './git';
// Environment repositories need YAML; kept out of `./git` so the CLI stays small.
export * from './environments';
export * from './promotions';
export * from './changes';
export * from './hotfix';
export * from './products';
export * from './metrics';
