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
import {
  environmentBranch,
  type EnvironmentDefinition,
} from '@releases-for-backstage/plugin-releases-common';
import { GitRepository } from '../git/GitRepository';
import { UnknownRefError } from '../git/errors';
import { runGit } from '../git/runGit';
import type {
  EnvironmentBranchPublisher,
  EnvironmentCommit,
} from './EnvironmentBranchPublisher';
import { DirectBranchPublisher } from './publishers/DirectBranchPublisher';

export { EnvironmentBranchBusyError } from './EnvironmentBranchPublisher';
export type { EnvironmentCommit } from './EnvironmentBranchPublisher';

/** The file each environment branch holds. */
export const ENVIRONMENT_FILE = 'environment.yaml';

export interface ComponentDeployment {
  version: string;
  commit: string | null;
  appRepo: string | null;
  updatedAt: string | null;
  updatedBy: string | null;
  promotion: string | null;
}

export interface EnvironmentFile {
  environment: EnvironmentDefinition & { targets?: string[] };
  components: Record<string, ComponentDeployment>;
}

export interface EnvironmentRepositoryOptions {
  /** The repository is a clone; writes go to its `origin` (direct publisher). */
  remote?: boolean;
  /** Attempts before EnvironmentBranchBusyError (direct publisher, default 5). */
  maxAttempts?: number;
  /**
   * How a prepared commit reaches the environment branch; default: a
   * compare-and-set update of the branch, after a non-forced push when
   * `remote` is set.
   */
  publisher?: EnvironmentBranchPublisher;
}

function toFile(text: string, env: EnvironmentDefinition): EnvironmentFile {
  const data = (parse(text) ?? {}) as Partial<EnvironmentFile>;
  return {
    environment: { ...env, ...(data.environment ?? {}) },
    components: data.components ?? {},
  };
}

// ---------------------------------------------------------------------------
// Editing environment.yaml in place. The file is parsed with yaml's Document
// API only to find where things are (node ranges); the change is spliced
// into the original text, so every byte outside the edited component entry
// stays as it was: comments and their alignment, quoting, flow lists, blank
// lines, key order, the other components, the environment block and the end
// of the file. (`doc.toString()` would re-print the whole file: it pads flow
// lists, re-spaces comments and moves the last comment.) New values take the
// quoting of the value they replace, a new entry that of its neighbours.

/** How yaml renders what we write: never fold long lines. */
const RENDER = { lineWidth: 0 } as const;
const QUOTING = new Set<string>([
  Scalar.PLAIN,
  Scalar.QUOTE_DOUBLE,
  Scalar.QUOTE_SINGLE,
]);

type Flat = string | number | boolean | null;
type StyleOf = (field: string) => Scalar.Type | undefined;

interface TextEdit {
  start: number;
  end: number;
  text: string;
}

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

/** Applies non-overlapping edits to a text. */
function applyEdits(text: string, edits: TextEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort(
    (a, b) => b.start - a.start || b.end - a.end,
  )) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}

class FileText {
  /** Line ending of the text, for the lines we add. */
  private readonly eol: string;

  constructor(readonly text: string) {
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
  }

  private lines(lines: string): string {
    return this.eol === '\n' ? lines : lines.replace(/\n/g, this.eol);
  }

  lineStart(pos: number): number {
    return this.text.lastIndexOf('\n', pos - 1) + 1;
  }

  /** Start of the line after the one `pos` is on (end of the text on the last line). */
  nextLine(pos: number): number {
    if (pos > 0 && this.text[pos - 1] === '\n') return pos;
    const nl = this.text.indexOf('\n', pos);
    return nl === -1 ? this.text.length : nl + 1;
  }

  column(pos: number): number {
    return pos - this.lineStart(pos);
  }

  /** Inserts whole lines at a line start (or at the end of a text without a final newline). */
  insertLines(pos: number, lines: string): TextEdit {
    const atLineStart = pos === 0 || this.text[pos - 1] === '\n';
    return {
      start: pos,
      end: pos,
      text: this.lines(atLineStart ? lines : `\n${lines.replace(/\n$/, '')}`),
    };
  }

  /** Replaces the lines from the one `start` is on to the one `end` is on. */
  replaceLines(start: number, end: number, lines: string): TextEdit {
    const to = this.nextLine(end);
    const text =
      to === this.text.length && !this.text.endsWith('\n')
        ? lines.replace(/\n$/, '')
        : lines;
    return { start: this.lineStart(start), end: to, text: this.lines(text) };
  }
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
function setComponentEntry(
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

/**
 * The environment repository: one branch per environment, each with an
 * `environment.yaml`. Writes build the commit with plumbing commands, so
 * there is no work tree to leave half-changed, and hand it to a publisher
 * that moves the branch (see EnvironmentBranchPublisher); a branch that
 * moved underneath is re-read and the commit rebuilt, never overwritten.
 */
export class EnvironmentRepository {
  private readonly publisher: EnvironmentBranchPublisher;

  constructor(
    private readonly repo: GitRepository,
    options: EnvironmentRepositoryOptions = {},
  ) {
    this.publisher =
      options.publisher ??
      new DirectBranchPublisher({
        remote: options.remote,
        maxAttempts: options.maxAttempts,
      });
  }

  get dir(): string {
    return this.repo.dir;
  }

  private git(args: string[], input?: string) {
    return runGit(args, {
      cwd: this.repo.dir,
      config: this.repo.config,
      input,
    });
  }

  /** Tip of an environment branch, or null when the branch does not exist. */
  async tip(env: string): Promise<string | null> {
    const { stdout, exitCode } = await runGit(
      [
        'rev-parse',
        '--verify',
        '--quiet',
        '--end-of-options',
        `refs/heads/${environmentBranch(env)}^{commit}`,
      ],
      { cwd: this.repo.dir, okExitCodes: [1] },
    );
    return exitCode === 0 ? stdout.trim() : null;
  }

  /** Reads an environment's file; empty when the branch does not exist yet. */
  async read(
    env: EnvironmentDefinition,
  ): Promise<EnvironmentFile & { tip: string | null }> {
    const { tip, text } = await this.readText(env.name);
    if (!tip) return { environment: { ...env }, components: {}, tip };
    return { ...toFile(text, env), tip };
  }

  /**
   * The file as a commit of an environment branch holds it (e.g. `<sha>^`,
   * before a promotion's commit); null when the commit or the file does not
   * exist. The revision must be a commit id, optionally followed by `^`.
   */
  async readAt(
    revision: string,
    env: EnvironmentDefinition,
  ): Promise<EnvironmentFile | null> {
    if (!/^[0-9a-f]{7,64}\^?$/.test(revision))
      throw new Error(`Not a commit id: '${revision}'`);
    const { stdout, exitCode } = await runGit(
      ['cat-file', 'blob', `${revision}:${ENVIRONMENT_FILE}`],
      {
        cwd: this.repo.dir,
        okExitCodes: [128],
      },
    );
    return exitCode === 0 ? toFile(stdout, env) : null;
  }

  /** The tip of an environment branch and its file as it is, '' when there is none. */
  private async readText(
    env: string,
  ): Promise<{ tip: string | null; text: string }> {
    const tip = await this.tip(env);
    if (!tip) return { tip, text: '' };
    const { stdout, exitCode } = await runGit(
      ['cat-file', 'blob', `${tip}:${ENVIRONMENT_FILE}`],
      { cwd: this.repo.dir, okExitCodes: [128] },
    );
    return { tip, text: exitCode === 0 ? stdout : '' };
  }

  /**
   * Every version of an environment's file, oldest first, with the commit
   * and its date: one `git log` and one `git cat-file --batch` process.
   */
  async history(
    env: EnvironmentDefinition,
  ): Promise<Array<{ sha: string; date: string; file: EnvironmentFile }>> {
    const tip = await this.tip(env.name);
    if (!tip) return [];
    const { stdout } = await this.git([
      'log',
      '--reverse',
      '--format=%H %cI',
      tip,
    ]);
    const commits = stdout
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [sha, date] = line.split(' ');
        return { sha, date };
      });
    const batch = await this.git(
      ['cat-file', '--batch'],
      `${commits.map(c => `${c.sha}:${ENVIRONMENT_FILE}`).join('\n')}\n`,
    );
    // Output: "<oid> blob <size>\n<content>\n" or "<name> missing\n" per request.
    const out = Buffer.from(batch.stdout, 'utf8');
    const result: Array<{ sha: string; date: string; file: EnvironmentFile }> =
      [];
    let pos = 0;
    for (const c of commits) {
      const nl = out.indexOf(10, pos);
      const header = out.subarray(pos, nl).toString('utf8');
      pos = nl + 1;
      if (header.endsWith(' missing')) continue;
      const size = Number(header.split(' ')[2]);
      const content = out.subarray(pos, pos + size).toString('utf8');
      pos += size + 1;
      result.push({ sha: c.sha, date: c.date, file: toFile(content, env) });
    }
    return result;
  }

  /**
   * Records `component` at `deployment.version` on the environment branch.
   * Only that component's entry of the file changes; every other byte of
   * the file is kept. Idempotent per promotion: when the tip already
   * records this promotion with this version, nothing is written.
   */
  async writeDeployment(options: {
    env: EnvironmentDefinition;
    component: string;
    deployment: ComponentDeployment;
    message: string;
    author: { name: string; email: string };
  }): Promise<EnvironmentCommit> {
    return this.publishEntry({
      env: options.env,
      component: options.component,
      entry: options.deployment,
      promotionId: options.deployment.promotion,
      message: options.message,
      author: options.author,
      isDone: existing =>
        existing !== null &&
        existing.version === options.deployment.version &&
        existing.promotion === options.deployment.promotion,
    });
  }

  /**
   * Undoes a deployment that a failed promotion recorded: puts the
   * component's entry back to `previous`, or removes it when `previous` is
   * null, as a new commit on the environment branch (history is never
   * rewritten), through the same publisher as writeDeployment. Only that
   * entry of the file changes. Idempotent: when the tip's entry already
   * equals `previous` (same version, commit and promotion; or no entry
   * when `previous` is null), nothing is written and the result holds the
   * tip with `created: false`.
   *
   * @param options.revertOf - the promotion (and its commit, when it made
   *   one) being undone; the publisher gets its promotion id.
   * @param options.message - the commit message, in Git's revert format.
   * @throws UnknownRefError when the environment branch does not exist and
   *   `previous` is null: there is nothing to revert and no commit to name.
   */
  async revertDeployment(options: {
    env: EnvironmentDefinition;
    component: string;
    previous: ComponentDeployment | null;
    revertOf: { promotionId: string; commit: string | null };
    message: string;
    author: { name: string; email: string };
  }): Promise<EnvironmentCommit> {
    const { previous } = options;
    return this.publishEntry({
      env: options.env,
      component: options.component,
      entry: previous,
      promotionId: options.revertOf.promotionId,
      message: options.message,
      author: options.author,
      isDone: existing =>
        previous === null
          ? existing === null
          : existing !== null &&
            existing.version === previous.version &&
            existing.commit === previous.commit &&
            existing.promotion === previous.promotion,
    });
  }

  /**
   * Sets (or removes, for null) one component's entry on the environment
   * branch through the publisher, unless `isDone` says the tip's entry
   * already is what it should be.
   */
  private async publishEntry(change: {
    env: EnvironmentDefinition;
    component: string;
    entry: ComponentDeployment | null;
    promotionId: string | null;
    message: string;
    author: { name: string; email: string };
    isDone: (existing: ComponentDeployment | null) => boolean;
  }): Promise<EnvironmentCommit> {
    const { env, component } = change;
    const branch = environmentBranch(env.name);
    return this.publisher.publish({
      repo: this.repo,
      environment: env.name,
      branch,
      promotionId: change.promotionId,
      message: change.message,
      prepare: async () => {
        const { tip, text } = await this.readText(env.name);
        const current = toFile(text, env);
        const found: unknown = Object.prototype.hasOwnProperty.call(
          current.components,
          component,
        )
          ? current.components[component]
          : null;
        const existing =
          found !== null && typeof found === 'object'
            ? (found as ComponentDeployment)
            : null;
        if (change.isDone(existing)) {
          if (tip) return { kind: 'unchanged', tip };
          if (change.entry === null)
            throw new UnknownRefError(branch, this.repo.dir);
        }
        const next = setComponentEntry(
          text,
          current.environment,
          component,
          change.entry,
        );
        if (tip && next === text) return { kind: 'unchanged', tip };
        const sha = await this.commitFile(
          tip,
          next,
          change.message,
          change.author,
        );
        return { kind: 'commit', sha, parent: tip };
      },
    });
  }

  private async commitFile(
    parent: string | null,
    content: string,
    message: string,
    author: { name: string; email: string },
  ): Promise<string> {
    const blob = (
      await this.git(['hash-object', '-w', '--stdin'], content)
    ).stdout.trim();
    // Keep every other file of the branch as it is.
    let entries: string[] = [];
    if (parent) {
      const { stdout } = await this.git(['ls-tree', '-z', parent]);
      entries = stdout
        .split('\0')
        .filter(e => e && !e.endsWith(`\t${ENVIRONMENT_FILE}`));
    }
    entries.push(`100644 blob ${blob}\t${ENVIRONMENT_FILE}`);
    const tree = (
      await this.git(['mktree', '-z'], `${entries.join('\0')}\0`)
    ).stdout.trim();
    const args = [
      'commit-tree',
      tree,
      ...(parent ? ['-p', parent] : []),
      '-F',
      '-',
    ];
    const { stdout } = await runGit(args, {
      cwd: this.repo.dir,
      input: message,
      env: {
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_COMMITTER_NAME: author.name,
        GIT_COMMITTER_EMAIL: author.email,
      },
    });
    return stdout.trim();
  }
}
