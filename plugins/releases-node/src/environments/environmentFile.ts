/*
 * The format of environment.yaml: reading it, and editing it in place.
 *
 * The file is parsed with yaml's Document API only to find where things
 * are (node ranges); the change is spliced into the original text, so every
 * byte outside the edited component entry stays as it was: comments and
 * their alignment, quoting, flow lists, blank lines, key order, the other
 * components, the environment block and the end of the file.
 * (`doc.toString()` would re-print the whole file: it pads flow lists,
 * re-spaces comments and moves the last comment.) New values take the
 * quoting of the value they replace, a new entry that of its neighbours.
 */
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  parse,
  parseDocument,
  Scalar,
  stringify,
  type Document,
  type YAMLMap,
} from 'yaml';
import type { EnvironmentDefinition } from '@releases-for-backstage/plugin-releases-common';
import { applyEdits, FileText, type TextEdit } from './textEdits';

/** The file each environment branch holds. */
export const ENVIRONMENT_FILE = 'environment.yaml';

export interface ComponentDeployment {
  version: string;
  commit: string | null;
  appRepo: string | null;
  updatedAt: string | null;
  updatedBy: string | null;
  promotion: string | null;
  /** The database schema the environment runs for this component (only moves forward). */
  schema?: number;
}

export interface EnvironmentFile {
  environment: EnvironmentDefinition & { targets?: string[] };
  components: Record<string, ComponentDeployment>;
}

/** An environment file's text read as data; `env` fills what it leaves out. */
export function parseEnvironmentFile(
  text: string,
  env: EnvironmentDefinition,
): EnvironmentFile {
  const data = (parse(text) ?? {}) as Partial<EnvironmentFile>;
  return {
    environment: { ...env, ...(data.environment ?? {}) },
    components: data.components ?? {},
  };
}

/** How yaml renders what we write: never fold long lines. */
const RENDER = { lineWidth: 0 } as const;
const QUOTING = new Set<string>([
  Scalar.PLAIN,
  Scalar.QUOTE_DOUBLE,
  Scalar.QUOTE_SINGLE,
]);

type Flat = string | number | boolean | null;
type StyleOf = (field: string) => Scalar.Type | undefined;

function isFlat(value: unknown): value is Flat {
  return (
    value === null || ['string', 'number', 'boolean'].includes(typeof value)
  );
}

/** One-line YAML of a scalar, quoted like `style` when the value allows it. */
function renderScalar(value: Flat, style?: Scalar.Type): string {
  if (value === null) return 'null';
  const node = new Scalar(value);
  if (typeof value === 'string') {
    // Plain and single-quoted strings break lines; double quotes escape them.
    if (value.includes('\n')) node.type = Scalar.QUOTE_DOUBLE;
    else if (style && QUOTING.has(style)) node.type = style;
  }
  const text = stringify(node, RENDER).replace(/\n$/, '');
  return text.includes('\n') ? JSON.stringify(value) : text;
}

/** `field: value` lines at `indent`; a nested value is yaml's block style. */
function renderField(
  field: string,
  value: unknown,
  indent: string,
  step: string,
  style?: Scalar.Type,
): string {
  if (isFlat(value))
    return `${indent}${renderScalar(field)}: ${renderScalar(value, style)}\n`;
  return stringify({ [field]: value }, { ...RENDER, indent: step.length })
    .replace(/\n$/, '')
    .split('\n')
    .map(line => `${indent}${line}\n`)
    .join('');
}

function renderEntry(
  name: string,
  entry: object,
  indent: string,
  step: string,
  styleOf: StyleOf,
): string {
  let text = `${indent}${renderScalar(name)}:\n`;
  for (const [field, value] of Object.entries(entry)) {
    if (value !== undefined)
      text += renderField(field, value, indent + step, step, styleOf(field));
  }
  return text;
}

function findPair(map: YAMLMap, key: string) {
  return map.items.find(p => isScalar(p.key) && p.key.value === key);
}

/** Offset just after the last token of a node (before its line's comment). */
function contentEnd(node: unknown): number {
  if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length > 0) {
    const last: unknown = node.items[node.items.length - 1];
    if (isPair(last)) return contentEnd(last.value ?? last.key);
    return contentEnd(last);
  }
  return (node as { range: [number, number, number] }).range[1];
}

function rangeOf(node: unknown): [number, number, number] {
  return (node as { range: [number, number, number] }).range;
}

/** Indentation step of a block map's children, e.g. two spaces. */
function stepOf(file: FileText, maps: YAMLMap[]): string {
  for (const map of maps) {
    for (const pair of map.items) {
      const child = pair.value;
      if (isMap(child) && !child.flow && child.items.length > 0) {
        const step =
          file.column(rangeOf(child.items[0].key)[0]) -
          file.column(rangeOf(pair.key)[0]);
        if (step > 0) return ' '.repeat(step);
      }
    }
  }
  return '  ';
}

/**
 * The Document API fallback for shapes the splicing does not handle (a
 * flow-style map at the top or as `components`): correct, but re-prints the
 * file.
 */
function rewriteDocument(
  doc: Document,
  name: string,
  entry: ComponentDeployment | null,
): string {
  if (entry) doc.setIn(['components', name], doc.createNode(entry));
  else doc.deleteIn(['components', name]);
  return doc.toString({ ...RENDER, flowCollectionPadding: false });
}

/**
 * `text` (an environment.yaml) with `components.<name>` set to `entry`, or
 * without that entry when `entry` is null; nothing else of the text changes.
 * Fields of the entry that `entry` does not mention are kept. An empty or
 * missing file gets the `environment` block as well.
 */
export function setComponentEntry(
  text: string,
  environment: EnvironmentFile['environment'],
  name: string,
  entry: ComponentDeployment | null,
): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new Error(
      `Cannot edit ${ENVIRONMENT_FILE}: ${doc.errors[0].message}`,
    );
  }
  const file = new FileText(text);
  const root = doc.contents;
  if (
    root === null ||
    (isScalar(root) &&
      root.value === null &&
      rangeOf(root)[0] === rangeOf(root)[1])
  ) {
    // Empty, or only comments: add everything after them.
    if (!entry) return text;
    const body = stringify(
      { environment, components: { [name]: entry } },
      RENDER,
    );
    if (text.trim() === '') return body;
    return applyEdits(text, [file.insertLines(text.length, body)]);
  }
  if (!isMap(root)) {
    throw new Error(
      `Cannot edit ${ENVIRONMENT_FILE}: it is not a map of environment and components`,
    );
  }
  if (root.flow) return rewriteDocument(doc, name, entry);

  const topIndent = ' '.repeat(
    root.items.length > 0 ? file.column(rangeOf(root.items[0].key)[0]) : 0,
  );
  const componentsPair = findPair(root, 'components');
  const components = componentsPair?.value;
  const entries = isMap(components) ? components : undefined;
  const step = stepOf(file, entries ? [entries, root] : [root]);
  const styleOf: StyleOf = field => {
    // The quoting of this field in the other entries, e.g. "..." for every commit.
    for (const other of entries?.items ?? []) {
      if (!isMap(other.value)) continue;
      const value = findPair(other.value, field)?.value;
      if (isScalar(value) && typeof value.value === 'string') return value.type;
    }
    return undefined;
  };

  if (!componentsPair) {
    if (!entry) return text;
    const lines = `${topIndent}components:\n${renderEntry(
      name,
      entry,
      topIndent + step,
      step,
      styleOf,
    )}`;
    return applyEdits(text, [
      file.insertLines(file.nextLine(contentEnd(root)), lines),
    ]);
  }

  const keyEnd = rangeOf(componentsPair.key)[1];
  const emptyComponents =
    components === null ||
    (isScalar(components) && components.value === null) ||
    (isMap(components) && components.flow && components.items.length === 0);
  if (emptyComponents) {
    // `components:`, `components: ~` or `components: {}`: the entry goes below.
    if (!entry) return text;
    const edits: TextEdit[] = [];
    let valueEnd = keyEnd;
    if (components) {
      const [start, end] = rangeOf(components);
      valueEnd = end;
      let from = start;
      while (
        from > keyEnd &&
        (text[from - 1] === ' ' || text[from - 1] === '\t')
      )
        from--;
      if (end > start) edits.push({ start: from, end, text: '' });
    }
    const indent = topIndent + step;
    edits.push(
      file.insertLines(
        file.nextLine(valueEnd),
        renderEntry(name, entry, indent, step, styleOf),
      ),
    );
    return applyEdits(text, edits);
  }
  if (!entries || entries.flow) {
    if (!isMap(components)) {
      throw new Error(
        `Cannot edit ${ENVIRONMENT_FILE}: components is not a map`,
      );
    }
    return rewriteDocument(doc, name, entry);
  }

  const indent = ' '.repeat(file.column(rangeOf(entries.items[0].key)[0]));
  const pair = findPair(entries, name);
  if (!pair) {
    if (!entry) return text;
    const lines = renderEntry(name, entry, indent, step, styleOf);
    return applyEdits(text, [
      file.insertLines(file.nextLine(contentEnd(entries)), lines),
    ]);
  }
  const entryStart = rangeOf(pair.key)[0];
  if (!entry) {
    return applyEdits(text, [
      file.replaceLines(entryStart, contentEnd(pair.value ?? pair.key), ''),
    ]);
  }
  const fields = pair.value;
  if (!isMap(fields) || fields.flow || fields.items.length === 0) {
    // `cart: {…}` or `cart: ~`: the entry's lines are written anew.
    const lines = renderEntry(name, entry, indent, step, styleOf);
    return applyEdits(text, [
      file.replaceLines(entryStart, contentEnd(fields ?? pair.key), lines),
    ]);
  }

  // The usual case: change the values that differ, each in its own quoting.
  const fieldIndent = ' '.repeat(file.column(rangeOf(fields.items[0].key)[0]));
  const edits: TextEdit[] = [];
  let added = '';
  for (const [field, value] of Object.entries(entry)) {
    if (value === undefined) continue;
    const fieldPair = findPair(fields, field);
    if (!fieldPair) {
      added += renderField(field, value, fieldIndent, step, styleOf(field));
      continue;
    }
    const current = fieldPair.value;
    const inline =
      isScalar(current) &&
      isFlat(value) &&
      current.type !== Scalar.BLOCK_FOLDED &&
      current.type !== Scalar.BLOCK_LITERAL;
    if (inline) {
      if (current.value === value) continue;
      const [start, end] = rangeOf(current);
      if (start === end) {
        // `field:` with no value: keep the space before a comment.
        const before =
          text[start - 1] === ' ' || text[start - 1] === '\t' ? '' : ' ';
        const after = text[start] === '#' ? ' ' : '';
        edits.push({
          start,
          end,
          text: `${before}${renderScalar(value)}${after}`,
        });
      } else {
        edits.push({ start, end, text: renderScalar(value, current.type) });
      }
    } else {
      const lines = renderField(
        field,
        value,
        fieldIndent,
        step,
        isScalar(current) ? current.type : undefined,
      );
      edits.push(
        file.replaceLines(
          rangeOf(fieldPair.key)[0],
          contentEnd(current ?? fieldPair.key),
          lines,
        ),
      );
    }
  }
  if (added)
    edits.push(file.insertLines(file.nextLine(contentEnd(fields)), added));
  return applyEdits(text, edits);
}
