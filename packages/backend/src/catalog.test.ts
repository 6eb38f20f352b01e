import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEntityYaml } from '@backstage/plugin-catalog-node';
import type { Entity } from '@backstage/catalog-model';

const root = join(__dirname, '../../..');

/** Parses a catalog file the way the catalog backend does. */
function load(file: string): Entity[] {
  const location = { type: 'file', target: join(root, file) };
  const results = [
    ...parseEntityYaml(readFileSync(join(root, file)), location),
  ];
  const errors = results.filter(r => r.type === 'error');
  expect(errors.map(e => (e as any).error.message)).toEqual([]);
  return results.filter(r => r.type === 'entity').map(r => (r as any).entity);
}

describe('the demo catalog', () => {
  it('parses, and every shop component is set up for releases', () => {
    const shop = load('catalog/shop.yaml');
    const components = shop.filter(
      e => e.kind === 'Component' && e.spec?.system === 'shop',
    );
    expect(components.map(c => c.metadata.name).sort()).toEqual([
      'cart',
      'checkout',
      'inventory',
      'payments',
      'shipping',
      'storefront',
    ]);
    for (const c of components) {
      expect(
        c.metadata.annotations?.['releases-for-backstage.io/git-repo'],
      ).toBe(`../../data/demo/repos/${c.metadata.name}`);
    }
    const system = shop.find(e => e.kind === 'System')!;
    expect(
      system.metadata.annotations?.[
        'releases-for-backstage.io/environment-repo'
      ],
    ).toBe('../../data/demo/repos/shop-environments');
  });

  it('makes the guest a release manager', () => {
    const org = load('catalog/org.yaml');
    const guest = org.find(
      e =>
        e.kind === 'User' &&
        e.metadata.name === 'guest' &&
        !e.metadata.namespace,
    )!;
    expect(guest.spec?.memberOf).toContain('release-managers');
    expect(
      org.some(
        e => e.kind === 'Group' && e.metadata.name === 'release-managers',
      ),
    ).toBe(true);
  });
});
