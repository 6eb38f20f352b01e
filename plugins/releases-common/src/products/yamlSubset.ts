/*
 * The small part of YAML a product manifest is written in: block mappings
 * by indentation, one-line flow mappings (`{ version: 1.5.0, tag: v1.5.0 }`),
 * plain and quoted scalars, comments. This package ships to the browser
 * without a YAML library, and a manifest needs nothing more; anything else
 * (lists, anchors, block scalars, several documents) is refused by line
 * rather than read differently from how a full YAML parser would read it.
 */

/** A mapping as read: scalars are strings, an empty value is `null`. */
export interface YamlMap {
  [key: string]: YamlValue;
}
export type YamlValue = string | null | YamlMap;

/** Why the text is not in the manifest's YAML; `line` is 1-based. */
export class YamlSubsetError extends Error {
  readonly line: number;
  readonly reason: string;
  constructor(line: number, reason: string) {
    super(`line ${line}: ${reason}`);
    this.name = YamlSubsetError.name;
    this.line = line;
    this.reason = reason;
  }
}

const UNSUPPORTED: Record<string, string> = {
  '-': 'lists are not used in a product manifest',
  '[': 'lists are not used in a product manifest',
  '&': 'anchors are not supported in a product manifest',
  '*': 'aliases are not supported in a product manifest',
  '!': 'tags (`!`) are not supported in a product manifest',
  '|': 'block scalars are not supported in a product manifest',
  '>': 'block scalars are not supported in a product manifest',
  '%': 'directives are not supported in a product manifest',
  '@': "'@' cannot start a plain value; quote it",
  '`': "'`' cannot start a plain value; quote it",
  '?': 'complex keys are not supported in a product manifest',
};

/** The line without its comment: `#` at the start or after a space, outside quotes. */
function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || line[i - 1] === ' ')) {
      return line.slice(0, i);
    }
  }
  return line;
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  '0': '\0',
};

/** Reads a quoted scalar starting at `text[0]`; returns it and the rest. */
function readQuoted(
  text: string,
  line: number,
): { value: string; rest: string } {
  const quote = text[0];
  let out = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") {
        if (text[i + 1] === "'") {
          out += "'";
          i++;
          continue;
        }
        return { value: out, rest: text.slice(i + 1) };
      }
      out += c;
      continue;
    }
    if (c === '"') return { value: out, rest: text.slice(i + 1) };
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = text[i + 1];
    if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
      out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
      i += 5;
    } else if (e !== undefined && e in ESCAPES) {
      out += ESCAPES[e];
      i++;
    } else {
      throw new YamlSubsetError(line, `unknown escape '\\${e ?? ''}'`);
    }
  }
  throw new YamlSubsetError(line, `unterminated ${quote} string`);
}

/** A plain or quoted scalar that is the whole of `text`. */
function readScalar(text: string, line: number): string | null {
  const t = text.trim();
  if (t === '' || t === '~' || t === 'null') return null;
  if (t[0] === '"' || t[0] === "'") {
    const { value, rest } = readQuoted(t, line);
    if (rest.trim() !== '') {
      throw new YamlSubsetError(
        line,
        `unexpected '${rest.trim()}' after a quoted value`,
      );
    }
    return value;
  }
  if (UNSUPPORTED[t[0]] && !(t[0] === '-' && t[1] !== ' ' && t.length > 1)) {
    throw new YamlSubsetError(line, UNSUPPORTED[t[0]]);
  }
  if (t[0] === '{' || t[0] === '}' || t[0] === ']' || t[0] === ',') {
    throw new YamlSubsetError(
      line,
      `'${t[0]}' cannot start a plain value; quote it`,
    );
  }
  if (/:(\s|$)/.test(t)) {
    throw new YamlSubsetError(line, `'${t}' holds ': '; quote the value`);
  }
  return t;
}

/** Splits `key: rest`; the key may be quoted. */
function readKey(text: string, line: number): { key: string; rest: string } {
  if (text[0] === '"' || text[0] === "'") {
    const { value, rest } = readQuoted(text, line);
    const m = /^\s*:(?:\s|$)/.exec(rest);
    if (!m)
      throw new YamlSubsetError(line, `expected ':' after key '${value}'`);
    return { key: value, rest: rest.slice(m[0].length) };
  }
  if (UNSUPPORTED[text[0]])
    throw new YamlSubsetError(line, UNSUPPORTED[text[0]]);
  const m = /:(?:\s|$)/.exec(text);
  if (!m)
    throw new YamlSubsetError(line, `expected 'key: value', got '${text}'`);
  const key = text.slice(0, m.index).trim();
  if (key === '' || /^[{}\[\],]/.test(key)) {
    throw new YamlSubsetError(line, `expected 'key: value', got '${text}'`);
  }
  return { key, rest: text.slice(m.index + m[0].length) };
}

function put(map: YamlMap, key: string, value: YamlValue, line: number) {
  if (Object.prototype.hasOwnProperty.call(map, key)) {
    throw new YamlSubsetError(line, `key '${key}' appears twice`);
  }
  // Defined as an own property, so a key such as `__proto__` stays data.
  Object.defineProperty(map, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** `{ a: 1, b: "x" }` on one line, scalars only. */
function readFlowMap(text: string, line: number): YamlMap {
  const t = text.trim();
  if (!t.endsWith('}')) {
    throw new YamlSubsetError(
      line,
      'a flow mapping ({ ... }) must close on its line',
    );
  }
  const map: YamlMap = {};
  let rest = t.slice(1, -1).trim();
  while (rest !== '') {
    const { key, rest: afterKey } = readKey(rest, line);
    let value: string | null;
    let after: string;
    const v = afterKey.trimStart();
    if (v[0] === '"' || v[0] === "'") {
      const q = readQuoted(v, line);
      value = q.value;
      after = q.rest.trimStart();
    } else {
      const comma = v.indexOf(',');
      const raw = comma === -1 ? v : v.slice(0, comma);
      if (/[{}\[\]]/.test(raw)) {
        throw new YamlSubsetError(
          line,
          'nested collections are not supported in a flow mapping',
        );
      }
      value = readScalar(raw, line);
      after = comma === -1 ? '' : v.slice(comma);
    }
    put(map, key, value, line);
    if (after === '') break;
    if (after[0] !== ',') {
      throw new YamlSubsetError(
        line,
        `expected ',' or '}' in a flow mapping, got '${after}'`,
      );
    }
    rest = after.slice(1).trim();
  }
  return map;
}

/** Parses the text into nested mappings, or throws `YamlSubsetError`. */
export function parseYamlSubset(text: string): YamlMap {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const root: YamlMap = {};
  const stack: { indent: number; map: YamlMap }[] = [];
  // A key with no value on its line: its mapping may follow, indented more.
  let open: { map: YamlMap; key: string; indent: number } | null = null;
  let seenContent = false;
  let ended = false;
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const raw = lines[i];
    const lead = /^[ \t]*/.exec(raw)![0];
    const body = stripComment(raw.slice(lead.length)).trimEnd();
    if (body === '') continue;
    if (lead.includes('\t')) {
      throw new YamlSubsetError(n, 'indent with spaces, not tabs');
    }
    if (ended)
      throw new YamlSubsetError(n, 'text after the end of the document');
    if (lead.length === 0 && (body === '---' || body.startsWith('--- '))) {
      if (seenContent) {
        throw new YamlSubsetError(n, 'a product manifest is one YAML document');
      }
      if (body !== '---')
        throw new YamlSubsetError(n, 'nothing may follow ---');
      seenContent = true;
      continue;
    }
    if (lead.length === 0 && body === '...') {
      ended = true;
      continue;
    }
    seenContent = true;
    const indent = lead.length;
    if (stack.length === 0) {
      stack.push({ indent, map: root });
    } else if (open && indent > open.indent) {
      const child: YamlMap = {};
      Object.defineProperty(open.map, open.key, { value: child });
      stack.push({ indent, map: child });
      open = null;
    } else {
      open = null;
      while (stack.length > 1 && stack[stack.length - 1].indent > indent) {
        stack.pop();
      }
      if (stack[stack.length - 1].indent !== indent) {
        throw new YamlSubsetError(
          n,
          'indentation does not match any mapping above',
        );
      }
    }
    const map = stack[stack.length - 1].map;
    const { key, rest } = readKey(body, n);
    const value = rest.trim();
    if (value === '') {
      put(map, key, null, n);
      open = { map, key, indent };
    } else if (value[0] === '{') {
      put(map, key, readFlowMap(value, n), n);
    } else {
      put(map, key, readScalar(value, n), n);
    }
  }
  return root;
}
