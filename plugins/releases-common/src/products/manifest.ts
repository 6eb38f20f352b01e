/*
 * The product manifest, `product.yaml` in the product repository: which
 * version of every component a product version is made of. A product
 * release is a tag on a commit holding one.
 */
import { ReleasesError } from '../errors';
import { isValidRefName } from '../refs';
import { parseSemVer } from '../semver';
import { parseDocument } from 'yaml';

/** One component's entry in a product manifest. */
export interface ProductComponent {
  /** The component's version, without tag prefix, e.g. `1.5.0`. */
  version: string;
  /** The component's release tag, its prefix followed by `version`, e.g. `v1.5.0`. */
  tag: string;
}

/** A product version and the component versions it is made of. */
export interface ProductManifest {
  /** Name of the product (the catalog `System`). */
  product: string;
  /** The product version, without tag prefix, e.g. `3.4.0`. */
  version: string;
  /** Components by name. */
  components: Record<string, ProductComponent>;
}

/** A manifest that cannot be used; `field` is its path, e.g. `components.cart.version`. */
export class InvalidProductManifestError extends ReleasesError {
  /** Path of the offending field; `null` when the text is not readable at all. */
  readonly field: string | null;
  readonly reason: string;
  /** 1-based line in the manifest text, when known. */
  readonly line?: number;
  constructor(field: string | null, reason: string, line?: number) {
    const where = [
      field ? `'${field}'` : null,
      line !== undefined ? `line ${line}` : null,
    ]
      .filter(Boolean)
      .join(', ');
    super(`Invalid product manifest${where ? ` (${where})` : ''}: ${reason}`);
    this.field = field;
    this.reason = reason;
    this.line = line;
  }
}

/** Catalog entity names: letters and digits, single `-`, `_` or `.` between, at most 63 characters. */
const ENTITY_NAME = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/i;
const TOP_KEYS = ['product', 'version', 'components'];
const COMPONENT_KEYS = ['version', 'tag'];

function entityNameProblem(name: string): string | null {
  if (name.length > 63) return 'is longer than 63 characters';
  if (!ENTITY_NAME.test(name)) {
    return 'is not an entity name (letters and digits, separated by single -, _ or .)';
  }
  return null;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(value: unknown, field: string): string {
  if (value === undefined || value === null || value === '') {
    throw new InvalidProductManifestError(field, 'is required');
  }
  if (typeof value !== 'string') {
    throw new InvalidProductManifestError(field, 'must be a string');
  }
  return value;
}

function refuseUnknownKeys(
  map: Record<string, unknown>,
  known: string[],
  at: string,
) {
  for (const key of Object.keys(map)) {
    if (!known.includes(key)) {
      throw new InvalidProductManifestError(
        at ? `${at}.${key}` : key,
        `unknown key; expected ${known.map(k => `'${k}'`).join(', ')}`,
      );
    }
  }
}

/**
 * Checks a manifest given as data (as parsed YAML or JSON, or built in
 * code) and returns a clean copy. Throws `InvalidProductManifestError`
 * naming the first offending field.
 */
export function validateProductManifest(value: unknown): ProductManifest {
  if (!isMap(value)) {
    throw new InvalidProductManifestError(
      null,
      'must be a mapping with product, version and components',
    );
  }
  refuseUnknownKeys(value, TOP_KEYS, '');
  const product = requireString(value.product, 'product');
  const productProblem = entityNameProblem(product);
  if (productProblem) {
    throw new InvalidProductManifestError(
      'product',
      `'${product}' ${productProblem}`,
    );
  }
  const version = requireString(value.version, 'version');
  const productVersion = parseSemVer(version);
  if (!productVersion) {
    throw new InvalidProductManifestError(
      'version',
      `'${version}' is not a semantic version (X.Y.Z, no prefix)`,
    );
  }
  if (productVersion.build.length > 0) {
    throw new InvalidProductManifestError(
      'version',
      `'${version}' carries build metadata, which does not order releases`,
    );
  }
  const productIsPrerelease = productVersion.prerelease.length > 0;
  if (!isMap(value.components)) {
    throw new InvalidProductManifestError(
      'components',
      'must be a mapping of component names to { version, tag }',
    );
  }
  const names = Object.keys(value.components);
  if (names.length === 0) {
    throw new InvalidProductManifestError(
      'components',
      'must list at least one component',
    );
  }
  const components: Record<string, ProductComponent> = {};
  for (const name of names.sort(compareNames)) {
    const at = `components.${name}`;
    const problem = entityNameProblem(name);
    if (problem) {
      throw new InvalidProductManifestError(at, `'${name}' ${problem}`);
    }
    const entry = value.components[name];
    if (!isMap(entry)) {
      throw new InvalidProductManifestError(at, 'must be { version, tag }');
    }
    refuseUnknownKeys(entry, COMPONENT_KEYS, at);
    const componentVersion = requireString(entry.version, `${at}.version`);
    const parsed = parseSemVer(componentVersion);
    if (!parsed) {
      throw new InvalidProductManifestError(
        `${at}.version`,
        `'${componentVersion}' is not a semantic version (X.Y.Z, no prefix)`,
      );
    }
    if (parsed.prerelease.length > 0 && !productIsPrerelease) {
      throw new InvalidProductManifestError(
        `${at}.version`,
        `'${componentVersion}' is a prerelease, which only a prerelease product version may contain (the product is ${version})`,
      );
    }
    const tag = requireString(entry.tag, `${at}.tag`);
    if (tag.startsWith('-') || !isValidRefName(`refs/tags/${tag}`)) {
      throw new InvalidProductManifestError(
        `${at}.tag`,
        `'${tag}' is not a valid Git tag name`,
      );
    }
    if (!tag.endsWith(componentVersion)) {
      throw new InvalidProductManifestError(
        `${at}.tag`,
        `'${tag}' does not name version ${componentVersion} (a tag is its prefix followed by the version)`,
      );
    }
    Object.defineProperty(components, name, {
      value: { version: componentVersion, tag },
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return { product, version, components };
}

/** Code-point order, the same in every locale. */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Reads and checks the text of a `product.yaml`. Throws
 * `InvalidProductManifestError` naming the field (or the line, for text
 * that is not a manifest's YAML).
 */
export function parseProductManifest(text: string): ProductManifest {
  if (typeof text !== 'string') {
    throw new InvalidProductManifestError(
      null,
      'expected the text of a manifest',
    );
  }
  // The failsafe schema reads every scalar as a string: `1.0` stays the
  // text `1.0` (refused as a version) instead of becoming the number 1.
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: true });
  const problem = doc.errors[0];
  if (problem) {
    throw new InvalidProductManifestError(
      null,
      problem.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
      problem.linePos?.[0].line,
    );
  }
  const data = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InvalidProductManifestError(
      null,
      'expected a mapping with product, version and components',
    );
  }
  return validateProductManifest(data);
}

// Characters a plain scalar may hold without quotes in any position here.
const PLAIN = /^[A-Za-z0-9][A-Za-z0-9._/+-]*$/;

function scalar(value: string): string {
  return PLAIN.test(value) && value !== 'null' ? value : JSON.stringify(value);
}

/**
 * Writes a manifest as `product.yaml` text: always the same text for the
 * same manifest, components sorted by name, one per line. Validates first,
 * so what it writes `parseProductManifest` reads back as it was.
 */
export function serializeProductManifest(manifest: ProductManifest): string {
  const m = validateProductManifest(manifest);
  let out = `product: ${scalar(m.product)}\nversion: ${scalar(
    m.version,
  )}\ncomponents:\n`;
  for (const name of Object.keys(m.components).sort(compareNames)) {
    const c = m.components[name];
    out += `  ${scalar(name)}: { version: ${scalar(c.version)}, tag: ${scalar(
      c.tag,
    )} }\n`;
  }
  return out;
}
