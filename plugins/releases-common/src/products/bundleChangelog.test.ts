import type { Changelog, ChangelogEntry } from '../types';
import {
  bundleChangelog,
  renderProductChangelogMarkdown,
} from './bundleChangelog';

function entry(
  sha: string,
  description: string,
  extra: Partial<ChangelogEntry> = {},
): ChangelogEntry {
  return {
    sha: sha.padEnd(40, '0'),
    shortSha: sha.padEnd(7, '0'),
    type: 'feat',
    scope: null,
    description,
    authorName: 'Dev',
    date: '2026-11-30T10:00:00Z',
    ...extra,
  };
}

const CHECKOUT: Changelog = {
  version: '3.0.0',
  previousVersion: '2.7.1',
  date: '2026-11-30',
  compareUrl: 'https://git.example.com/checkout/compare/v2.7.1...v3.0.0',
  sections: [
    {
      id: 'breaking',
      title: '⚠ BREAKING CHANGES',
      entries: [
        entry('c1', 'drop v1 payments', {
          breakingNote: 'the v1 payment API is gone',
          scope: 'api',
          url: 'https://git.example.com/checkout/commit/c100000',
        }),
      ],
    },
    {
      id: 'features',
      title: 'Features',
      entries: [
        entry('c1', 'drop v1 payments', {
          scope: 'api',
          url: 'https://git.example.com/checkout/commit/c100000',
        }),
        entry('c2', 'pay by invoice (#42)', {
          url: 'https://git.example.com/checkout/commit/c200000',
        }),
      ],
    },
  ],
};

const CART: Changelog = {
  version: '1.5.1',
  previousVersion: '1.5.0',
  date: '2026-11-29',
  sections: [
    {
      id: 'fixes',
      title: 'Bug Fixes',
      entries: [entry('a1', 'keep the basket on reload', { type: 'fix' })],
    },
  ],
};

const ADMIN: Changelog = {
  version: '0.9.0',
  previousVersion: '0.8.0',
  date: null,
  sections: [
    {
      id: 'breaking',
      title: '⚠ BREAKING CHANGES',
      entries: [
        entry('b1', 'roles are <required>', {
          breakingNote: 'roles are <required>',
        }),
      ],
    },
  ],
};

describe('bundleChangelog', () => {
  const bundle = () =>
    bundleChangelog({
      product: 'shop',
      from: '3.3.0',
      to: '4.0.0',
      date: '2026-12-01T09:00:00Z',
      components: [
        {
          name: 'cart',
          fromVersion: '1.5.0',
          toVersion: '1.5.1',
          changelog: CART,
        },
        {
          name: 'checkout',
          fromVersion: '2.7.1',
          toVersion: '3.0.0',
          changelog: CHECKOUT,
          url: 'https://portal.example.com/catalog/default/component/checkout',
        },
        {
          name: 'admin',
          fromVersion: '0.8.0',
          toVersion: '0.9.0',
          changelog: ADMIN,
        },
        {
          name: 'wishlist',
          fromVersion: null,
          toVersion: '1.0.0',
          changelog: null,
        },
        {
          name: 'legacy',
          fromVersion: '0.9.0',
          toVersion: null,
          changelog: null,
        },
      ],
    });

  it('puts components with breaking changes first, then by name', () => {
    const b = bundle();
    expect(
      b.components.map(c => [c.name, c.change, c.breakingChanges]),
    ).toEqual([
      ['admin', 'changed', 1],
      ['checkout', 'changed', 1],
      ['cart', 'changed', 0],
      ['legacy', 'removed', 0],
      ['wishlist', 'added', 0],
    ]);
    expect(b).toMatchObject({
      product: 'shop',
      version: '4.0.0',
      previousVersion: '3.3.0',
      date: '2026-12-01',
      breakingChanges: 2,
    });
  });

  it("puts a component's breaking changes first within it, keeping links", () => {
    const checkout = bundle().components.find(c => c.name === 'checkout')!;
    expect(checkout.sections.map(s => s.id)).toEqual(['breaking', 'features']);
    expect(checkout.sections[0].entries[0].url).toBe(
      'https://git.example.com/checkout/commit/c100000',
    );
    expect(checkout.compareUrl).toBe(CHECKOUT.compareUrl);
  });

  it('merges the changelogs of several versions of one component', () => {
    const b = bundleChangelog({
      product: 'shop',
      from: '3.3.0',
      to: '3.4.0',
      components: [
        {
          name: 'cart',
          fromVersion: '1.4.0',
          toVersion: '1.5.1',
          // Newest first; the breaking change of 1.5.0 still leads.
          changelog: [CART, { ...CHECKOUT, version: '1.5.0' }],
        },
      ],
    });
    expect(
      b.components[0].sections.map(s => [s.id, s.entries.map(e => e.shortSha)]),
    ).toEqual([
      ['breaking', ['c100000']],
      ['features', ['c100000', 'c200000']],
      ['fixes', ['a100000']],
    ]);
    expect(b.components[0].compareUrl).toBeUndefined();
  });

  it('refuses a component listed twice and versions that are not semver', () => {
    expect(() =>
      bundleChangelog({
        product: 'shop',
        from: null,
        to: '1.0.0',
        components: [
          {
            name: 'cart',
            fromVersion: null,
            toVersion: '1.0.0',
            changelog: null,
          },
          {
            name: 'cart',
            fromVersion: null,
            toVersion: '1.0.0',
            changelog: null,
          },
        ],
      }),
    ).toThrow(/'cart' is listed twice/);
    expect(() =>
      bundleChangelog({
        product: 'shop',
        from: 'v3.3.0',
        to: '3.4.0',
        components: [],
      }),
    ).toThrow(/'v3.3.0' is not a valid semantic version/);
  });
});

describe('renderProductChangelogMarkdown', () => {
  it('renders components as sections, breaking first, with links and escaped text', () => {
    const markdown = renderProductChangelogMarkdown(
      bundleChangelog({
        product: 'shop',
        from: '3.3.0',
        to: '4.0.0',
        date: '2026-12-01',
        components: [
          {
            name: 'cart',
            fromVersion: '1.5.0',
            toVersion: '1.5.1',
            changelog: CART,
          },
          {
            name: 'checkout',
            fromVersion: '2.7.1',
            toVersion: '3.0.0',
            changelog: CHECKOUT,
            url: 'https://portal.example.com/checkout',
          },
          {
            name: 'admin',
            fromVersion: '0.8.0',
            toVersion: '0.9.0',
            changelog: ADMIN,
          },
          {
            name: 'wishlist',
            fromVersion: null,
            toVersion: '1.0.0',
            changelog: null,
          },
          {
            name: 'legacy',
            fromVersion: '0.9.0',
            toVersion: null,
            changelog: null,
          },
        ],
      }),
    );
    expect(markdown).toBe(
      [
        '## shop 4.0.0 (from 3.3.0) (2026-12-01)',
        '',
        '**⚠ BREAKING CHANGES** in admin, checkout',
        '',
        '### admin 0.8.0 → 0.9.0',
        '',
        '#### ⚠ BREAKING CHANGES',
        '',
        '* roles are &lt;required&gt;',
        '',
        '### [checkout](https://portal.example.com/checkout) [2.7.1 → 3.0.0](https://git.example.com/checkout/compare/v2.7.1...v3.0.0)',
        '',
        '#### ⚠ BREAKING CHANGES',
        '',
        '* **api:** the v1 payment API is gone',
        '',
        '#### Features',
        '',
        '* **api:** drop v1 payments ([c100000](https://git.example.com/checkout/commit/c100000))',
        '* pay by invoice ([#42](https://git.example.com/checkout/issues/42)) ([c200000](https://git.example.com/checkout/commit/c200000))',
        '',
        '### cart 1.5.0 → 1.5.1',
        '',
        '#### Bug Fixes',
        '',
        '* keep the basket on reload (a100000)',
        '',
        '### legacy removed (was 0.9.0)',
        '',
        '### wishlist 1.0.0 (new)',
        '',
        'No changes listed.',
        '',
      ].join('\n'),
    );
  });
});
