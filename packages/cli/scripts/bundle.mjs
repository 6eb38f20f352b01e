// Bundles the `releases` command into one file, so it starts without a
// TypeScript transform or hundreds of module lookups: start-up is part of
// every CI step that runs it. Run by the root `prepare` script after install.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const pkg = fileURLToPath(new URL('..', import.meta.url));

await build({
  entryPoints: [`${pkg}src/index.ts`],
  outfile: `${pkg}dist/releases.cjs`,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  // Dependencies stay external when the CLI does not reach them at run time.
  external: ['@backstage/plugin-permission-common'],
});
