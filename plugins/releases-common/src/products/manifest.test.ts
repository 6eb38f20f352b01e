import {
  InvalidProductManifestError,
  parseProductManifest,
  serializeProductManifest,
} from './manifest';
import type { ProductManifest } from './manifest';

const SHOP = `# The shop product
product: shop            # the System's name
version: 3.4.0           # the product version (no prefix)
components:
  checkout: { version: 2.7.1, tag: v2.7.1 }
  cart: { version: 1.5.0, tag: v1.5.0 }
`;

function refusal(text: string): InvalidProductManifestError {
  try {
    parseProductManifest(text);
  } catch (error) {
    if (error instanceof InvalidProductManifestError) return error;
    throw error;
  }
  throw new Error(`accepted:\n${text}`);
}

function manifest(lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

describe('parseProductManifest', () => {
  it('reads the manifest with comments and flow mappings', () => {
    expect(parseProductManifest(SHOP)).toEqual({
      product: 'shop',
      version: '3.4.0',
      components: {
        cart: { version: '1.5.0', tag: 'v1.5.0' },
        checkout: { version: '2.7.1', tag: 'v2.7.1' },
      },
    });
  });

  it('reads block mappings, quoted values, prefixed tags and a document marker', () => {
    const text = manifest([
      '---',
      "product: 'shop'",
      'version: "3.5.0-rc.1"',
      'components:',
      '    cart:',
      '        version: 1.6.0-rc.2',
      '        tag: "cart-v1.6.0-rc.2" # prefixed tag',
      '    "search.api": { tag: search-v0.3.0, version: "0.3.0" }',
    ]);
    expect(parseProductManifest(text)).toEqual({
      product: 'shop',
      version: '3.5.0-rc.1',
      components: {
        cart: { version: '1.6.0-rc.2', tag: 'cart-v1.6.0-rc.2' },
        'search.api': { version: '0.3.0', tag: 'search-v0.3.0' },
      },
    });
  });

  it.each([
    [
      'an unknown top-level key',
      [...SHOP.split('\n'), 'owner: team-a'],
      'owner',
      /unknown key/,
    ],
    [
      'an unknown component key',
      [
        'product: shop',
        'version: 3.4.0',
        'components:',
        '  cart: { version: 1.5.0, tag: v1.5.0, image: cart:1.5.0 }',
      ],
      'components.cart.image',
      /unknown key/,
    ],
    [
      'a product version with a prefix',
      [
        'product: shop',
        'version: v3.4.0',
        'components:',
        '  cart: { version: 1.5.0, tag: v1.5.0 }',
      ],
      'version',
      /not a semantic version/,
    ],
    [
      'a component version that is not semver',
      [
        'product: shop',
        'version: 3.4.0',
        'components:',
        '  cart: { version: 1.5, tag: v1.5 }',
      ],
      'components.cart.version',
      /'1\.5' is not a semantic version/,
    ],
    [
      'a component name that is not an entity name',
      [
        'product: shop',
        'version: 3.4.0',
        'components:',
        '  cart--api: { version: 1.5.0, tag: v1.5.0 }',
      ],
      'components.cart--api',
      /not an entity name/,
    ],
    [
      'a component name over 63 characters',
      [
        'product: shop',
        'version: 3.4.0',
        'components:',
        `  ${'a'.repeat(64)}: { version: 1.5.0, tag: v1.5.0 }`,
      ],
      `components.${'a'.repeat(64)}`,
      /longer than 63/,
    ],
    [
      'a product name that is not an entity name',
      [
        'product: my shop',
        'version: 3.4.0',
        'components:',
        '  cart: { version: 1.5.0, tag: v1.5.0 }',
      ],
      'product',
      /not an entity name/,
    ],
    [
      'a prerelease component in a final product version',
      [
        'product: shop',
        'version: 3.4.0',
        'components:',
        '  cart: { version: 1.5.0-rc.1, tag: v1.5.0-rc.1 }',
      ],
      'components.cart.version',
      /only a prerelease product version may contain/,
    ],
    [
      'a tag that names another version',
      [
        'product: shop',
        'version: 3.4.0',
        'components:',
        '  cart: { version: 1.5.0, tag: v1.5.1 }',
      ],
      'components.cart.tag',
      /does not name version 1\.5\.0/,
    ],
    [
      'a tag Git would refuse',
      [
        'product: shop',
        'version: 3.4.0',
        'components:',
        '  cart: { version: 1.5.0, tag: "v..1.5.0" }',
      ],
      'components.cart.tag',
      /not a valid Git tag name/,
    ],
    [
      'a component without a tag',
      [
        'product: shop',
        'version: 3.4.0',
        'components:',
        '  cart: { version: 1.5.0 }',
      ],
      'components.cart.tag',
      /is required/,
    ],
    [
      'a missing product',
      [
        'version: 3.4.0',
        'components:',
        '  cart: { version: 1.5.0, tag: v1.5.0 }',
      ],
      'product',
      /is required/,
    ],
    [
      'no components',
      ['product: shop', 'version: 3.4.0', 'components: {}'],
      'components',
      /at least one component/,
    ],
    [
      'a component that is a string',
      ['product: shop', 'version: 3.4.0', 'components:', '  cart: 1.5.0'],
      'components.cart',
      /must be \{ version, tag \}/,
    ],
  ])('refuses %s, naming the field', (_what, lines, field, reason) => {
    const error = refusal(manifest(lines));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(reason);
    expect(error.message).toContain(`'${field}'`);
  });

  it.each([
    ['a tab indent', 'components:\n\tcart: { version: 1.0.0 }\n', 2, /tab/i],
    ['a duplicate key', 'product: shop\nproduct: cart\n', 2, /unique/],
    [
      'an unclosed flow mapping',
      'components:\n  cart: { version: 1\n',
      3,
      /flow map/i,
    ],
    [
      'a second document',
      'product: shop\n---\nproduct: cart\n',
      2,
      /multiple documents/,
    ],
    [
      'a bad indent',
      'components:\n    cart: { version: 1.0.0, tag: v1.0.0 }\n  x: 1\n',
      3,
      /same column/,
    ],
  ])('refuses %s by line', (_what, text, line, reason) => {
    const error = refusal(text);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(reason);
  });

  it('keeps a component named like an Object property as data', () => {
    const parsed = parseProductManifest(
      manifest([
        'product: shop',
        'version: 1.0.0',
        'components:',
        '  constructor: { version: 1.0.0, tag: v1.0.0 }',
      ]),
    );
    expect(Object.keys(parsed.components)).toEqual(['constructor']);
    expect(parsed.components.constructor).toEqual({
      version: '1.0.0',
      tag: 'v1.0.0',
    });
  });
});

describe('serializeProductManifest', () => {
  it('writes components sorted by name, in one fixed shape', () => {
    const text = serializeProductManifest(parseProductManifest(SHOP));
    expect(text).toBe(
      manifest([
        'product: shop',
        'version: 3.4.0',
        'components:',
        '  cart: { version: 1.5.0, tag: v1.5.0 }',
        '  checkout: { version: 2.7.1, tag: v2.7.1 }',
      ]),
    );
  });

  it('round-trips, whatever the order of the input', () => {
    const input: ProductManifest = {
      product: 'shop',
      version: '4.0.0-rc.3',
      components: {
        'search.api': {
          version: '0.3.0+build.7',
          tag: 'search-v0.3.0+build.7',
        },
        cart: { version: '1.6.0-rc.2', tag: 'cart-v1.6.0-rc.2' },
        checkout: { version: '3.0.0', tag: 'release#3.0.0' },
      },
    };
    const text = serializeProductManifest(input);
    expect(parseProductManifest(text)).toEqual(input);
    expect(serializeProductManifest(parseProductManifest(text))).toBe(text);
    const reordered: ProductManifest = {
      ...input,
      components: Object.fromEntries(
        Object.entries(input.components).reverse(),
      ),
    };
    expect(serializeProductManifest(reordered)).toBe(text);
  });

  it('refuses to write an invalid manifest', () => {
    expect(() =>
      serializeProductManifest({
        product: 'shop',
        version: '3.4',
        components: { cart: { version: '1.0.0', tag: 'v1.0.0' } },
      }),
    ).toThrow(InvalidProductManifestError);
  });
});
