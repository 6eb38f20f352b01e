import { compareSemVer, incSemVer } from '../semver';
import { InvalidProductManifestError } from './manifest';
import type { ProductComponent, ProductManifest } from './manifest';
import { compareManifests, nextProductVersion } from './nextProductVersion';

function components(
  versions: Record<string, string>,
): Record<string, ProductComponent> {
  return Object.fromEntries(
    Object.entries(versions).map(([name, version]) => [
      name,
      { version, tag: `v${version}` },
    ]),
  );
}

function release(
  version: string,
  versions: Record<string, string>,
): { version: string; manifest: ProductManifest } {
  return {
    version,
    manifest: { product: 'shop', version, components: components(versions) },
  };
}

const SHOP_33 = release('3.3.0', {
  cart: '1.5.0',
  checkout: '2.7.1',
  search: '0.3.0',
});

describe('compareManifests', () => {
  it('says per component what changed and by which field', () => {
    const next = {
      ...SHOP_33.manifest,
      version: '3.4.0',
      components: components({
        cart: '1.5.1',
        checkout: '3.0.0',
        search: '0.3.0',
        wishlist: '1.0.0',
      }),
    };
    expect(compareManifests(SHOP_33.manifest, next)).toEqual([
      {
        name: 'cart',
        from: '1.5.0',
        to: '1.5.1',
        bump: 'patch',
        change: 'changed',
      },
      {
        name: 'checkout',
        from: '2.7.1',
        to: '3.0.0',
        bump: 'major',
        change: 'changed',
      },
      {
        name: 'search',
        from: '0.3.0',
        to: '0.3.0',
        bump: null,
        change: 'unchanged',
      },
      {
        name: 'wishlist',
        from: null,
        to: '1.0.0',
        bump: null,
        change: 'added',
      },
    ]);
  });

  it('calls a lower version a downgrade, and a missing one removed', () => {
    const next = {
      ...SHOP_33.manifest,
      components: components({ cart: '1.4.2' }),
    };
    expect(compareManifests(SHOP_33.manifest, next)).toEqual([
      {
        name: 'cart',
        from: '1.5.0',
        to: '1.4.2',
        bump: 'minor',
        change: 'downgraded',
      },
      {
        name: 'checkout',
        from: '2.7.1',
        to: null,
        bump: null,
        change: 'removed',
      },
      {
        name: 'search',
        from: '0.3.0',
        to: null,
        bump: null,
        change: 'removed',
      },
    ]);
  });

  it('compares prereleases literally', () => {
    const before = release('4.0.0-rc.1', {
      cart: '1.6.0-rc.1',
      checkout: '2.7.1',
    });
    const next = {
      ...before.manifest,
      components: components({ cart: '1.6.0', checkout: '3.0.0-rc.1' }),
    };
    expect(compareManifests(before.manifest, next)).toMatchObject([
      { name: 'cart', bump: 'prerelease', change: 'changed' },
      { name: 'checkout', bump: 'major', change: 'changed' },
    ]);
  });

  it('lists every component as added without a previous manifest', () => {
    expect(compareManifests(null, SHOP_33.manifest).map(c => c.change)).toEqual(
      ['added', 'added', 'added'],
    );
  });
});

describe('nextProductVersion', () => {
  it('takes the highest component bump and names the component that decided it', () => {
    const next = nextProductVersion({
      previous: SHOP_33,
      components: components({
        cart: '1.6.0',
        checkout: '3.0.0',
        search: '0.3.1',
      }),
    });
    expect(next).toMatchObject({
      version: '4.0.0',
      previousVersion: '3.3.0',
      bump: 'major',
      reasons: ['checkout 2.7.1 -> 3.0.0: major'],
    });
    expect(next.manifest).toEqual({
      product: 'shop',
      version: '4.0.0',
      components: components({
        cart: '1.6.0',
        checkout: '3.0.0',
        search: '0.3.1',
      }),
    });
  });

  it('names every component when several decide', () => {
    const next = nextProductVersion({
      previous: SHOP_33,
      components: components({
        cart: '1.6.0',
        checkout: '2.8.0',
        search: '0.3.0',
      }),
    });
    expect(next.version).toBe('3.4.0');
    expect(next.reasons).toEqual([
      'cart 1.5.0 -> 1.6.0: minor',
      'checkout 2.7.1 -> 2.8.0: minor',
    ]);
  });

  it('counts a 0.x component by its version numbers, not by what they mean', () => {
    // 0.3.0 -> 0.4.0 may be breaking for the component; literally it is minor.
    expect(
      nextProductVersion({
        previous: SHOP_33,
        components: components({
          cart: '1.5.0',
          checkout: '2.7.1',
          search: '0.4.0',
        }),
      }),
    ).toMatchObject({ version: '3.4.0', bump: 'minor' });
    expect(
      nextProductVersion({
        previous: SHOP_33,
        components: components({
          cart: '1.5.0',
          checkout: '2.7.1',
          search: '0.3.1',
        }),
      }),
    ).toMatchObject({ version: '3.3.1', bump: 'patch' });
  });

  it('makes a patch of the components a patch of the product', () => {
    expect(
      nextProductVersion({
        previous: SHOP_33,
        components: components({
          cart: '1.5.1',
          checkout: '2.7.1',
          search: '0.3.0',
        }),
      }),
    ).toMatchObject({
      version: '3.3.1',
      bump: 'patch',
      reasons: ['cart 1.5.0 -> 1.5.1: patch'],
    });
  });

  it('makes an added component at least minor', () => {
    expect(
      nextProductVersion({
        previous: SHOP_33,
        components: components({
          cart: '1.5.1',
          checkout: '2.7.1',
          search: '0.3.0',
          wishlist: '0.1.0',
        }),
      }),
    ).toMatchObject({
      version: '3.4.0',
      bump: 'minor',
      reasons: ['wishlist added at 0.1.0: at least minor'],
    });
  });

  it('makes a removed component at least minor, and lets a major still win', () => {
    expect(
      nextProductVersion({
        previous: SHOP_33,
        components: components({ cart: '1.5.0', checkout: '2.7.2' }),
      }),
    ).toMatchObject({
      version: '3.4.0',
      bump: 'minor',
      reasons: ['search 0.3.0 removed: at least minor'],
    });
    expect(
      nextProductVersion({
        previous: SHOP_33,
        components: components({ cart: '2.0.0', checkout: '2.7.1' }),
      }),
    ).toMatchObject({
      version: '4.0.0',
      bump: 'major',
      reasons: ['cart 1.5.0 -> 2.0.0: major'],
    });
  });

  it('says so for a downgrade and treats it as at least minor', () => {
    expect(
      nextProductVersion({
        previous: SHOP_33,
        components: components({
          cart: '1.4.9',
          checkout: '2.7.1',
          search: '0.3.0',
        }),
      }),
    ).toMatchObject({
      version: '3.4.0',
      bump: 'minor',
      reasons: ['cart 1.5.0 -> 1.4.9: downgraded, at least minor'],
      changes: expect.arrayContaining([
        expect.objectContaining({ name: 'cart', change: 'downgraded' }),
      ]),
    });
    // A patch-level downgrade is not a patch: something users had is gone.
    expect(
      nextProductVersion({
        previous: release('3.3.0', { cart: '1.5.1' }),
        components: components({ cart: '1.5.0' }),
      }),
    ).toMatchObject({ version: '3.4.0', bump: 'minor' });
  });

  it('has nothing to release when no component changed', () => {
    expect(
      nextProductVersion({
        previous: SHOP_33,
        components: components({
          search: '0.3.0',
          checkout: '2.7.1',
          cart: '1.5.0',
        }),
      }),
    ).toEqual({
      version: null,
      previousVersion: '3.3.0',
      bump: null,
      reasons: ['no component changed since 3.3.0'],
      changes: expect.any(Array),
      manifest: null,
    });
  });

  it('starts at 1.0.0, or at the initial version it is given', () => {
    const first = nextProductVersion({
      product: 'shop',
      previous: null,
      components: components({ cart: '0.4.0', checkout: '2.0.0' }),
    });
    expect(first).toMatchObject({
      version: '1.0.0',
      previousVersion: null,
      bump: null,
      reasons: ['first release of shop: 2 components'],
    });
    expect(first.manifest?.version).toBe('1.0.0');
    expect(
      nextProductVersion({
        product: 'shop',
        previous: null,
        components: components({ cart: '0.4.0' }),
        initialVersion: '0.1.0',
      }).version,
    ).toBe('0.1.0');
  });

  it('needs a product name for the first release', () => {
    expect(() =>
      nextProductVersion({
        previous: null,
        components: components({ cart: '1.0.0' }),
      }),
    ).toThrow(/'product'.*is required/);
  });

  it('refuses bad components naming the field', () => {
    expect(() =>
      nextProductVersion({
        previous: SHOP_33,
        components: { cart: { version: '1.6', tag: 'v1.6' } },
      }),
    ).toThrow(expect.objectContaining({ field: 'components.cart.version' }));
  });

  it('cuts prerelease product versions with a preid, numbered after the existing ones', () => {
    const rc = nextProductVersion({
      previous: SHOP_33,
      components: components({
        cart: '1.6.0-rc.1',
        checkout: '2.7.1',
        search: '0.3.0',
      }),
      preid: 'rc',
      existingVersions: ['3.4.0-rc.1', '3.4.0-rc.2', '3.5.0-rc.9'],
    });
    expect(rc).toMatchObject({ version: '3.4.0-rc.3', bump: 'minor' });
    // From a prerelease, a further prerelease of a component moves the rc on.
    const again = nextProductVersion({
      previous: { version: rc.version!, manifest: rc.manifest! },
      components: components({
        cart: '1.6.0-rc.2',
        checkout: '2.7.1',
        search: '0.3.0',
      }),
      preid: 'rc',
    });
    expect(again).toMatchObject({
      version: '3.4.0-rc.4',
      reasons: [
        'cart 1.6.0-rc.1 -> 1.6.0-rc.2: prerelease, a patch of the product',
      ],
    });
    // Without a preid the release candidate is finished.
    expect(
      nextProductVersion({
        previous: { version: again.version!, manifest: again.manifest! },
        components: components({
          cart: '1.6.0',
          checkout: '2.7.1',
          search: '0.3.0',
        }),
      }).version,
    ).toBe('3.4.0');
  });

  it('refuses prerelease components in a final product version', () => {
    expect(() =>
      nextProductVersion({
        previous: SHOP_33,
        components: components({
          cart: '1.6.0-rc.1',
          checkout: '2.7.1',
          search: '0.3.0',
        }),
      }),
    ).toThrow(
      expect.objectContaining({
        constructor: InvalidProductManifestError,
        field: 'components.cart.version',
      }),
    );
  });

  describe('monotone', () => {
    // Every way one component can move from 2.7.1, by bump.
    const moves: [string, string][] = [
      ['none', '2.7.1'],
      ['patch', '2.7.2'],
      ['minor', '2.8.0'],
      ['major', '3.0.0'],
    ];
    const RANK: Record<string, number> = {
      none: 0,
      patch: 1,
      minor: 2,
      major: 3,
    };
    const others: Record<string, string>[] = [
      { cart: '1.5.0', search: '0.3.0' },
      { cart: '1.5.1', search: '0.3.0' },
      { cart: '1.6.0', search: '0.3.0' },
      { cart: '1.5.0' }, // search removed
      { cart: '1.5.0', search: '0.3.0', wishlist: '1.0.0' },
      { cart: '1.4.0', search: '0.3.0' }, // downgrade
    ];
    const previousVersions = ['3.3.0', '3.4.0-rc.2', '4.0.0-rc.1', '0.9.3'];

    it.each(previousVersions)(
      'a larger component bump never gives a smaller product bump or version (from %s)',
      previousVersion => {
        const previous = release(previousVersion, {
          cart: '1.5.0',
          checkout: '2.7.1',
          search: '0.3.0',
        });
        for (const rest of others) {
          const results = moves.map(([, checkout]) =>
            nextProductVersion({
              previous,
              components: components({ ...rest, checkout }),
            }),
          );
          const ranks = results.map(r => (r.bump ? RANK[r.bump] : 0));
          expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
          const versions = results.flatMap(r => (r.version ? [r.version] : []));
          expect(versions).toEqual([...versions].sort(compareSemVer));
          expect(versions.map(v => compareSemVer(v, previousVersion))).toEqual(
            versions.map(() => 1),
          );
          // The product moves by the bump it reports.
          expect(
            results.flatMap(r =>
              r.version
                ? [[r.version, incSemVer(previousVersion, r.bump!)]]
                : [],
            ),
          ).toEqual(versions.map(v => [v, v]));
        }
      },
    );
  });
});
