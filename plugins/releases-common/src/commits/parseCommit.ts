/*
 * Conventional Commits 1.0.0 parser (https://www.conventionalcommits.org).
 *
 * The parse is preset-neutral: it records what the message says (`!`,
 * footers, revert and merge markers) and leaves their meaning to the
 * versioning presets.
 *
 * It runs in linear time on any input: the message's lines are found once,
 * the only regular expressions are anchored ones on the header line whose
 * adjacent parts cannot match the same characters (so they cannot backtrack
 * more than linearly), and everything else is a single pass over the lines.
 * Commit messages come from repositories we do not control, so a crafted
 * message must not be able to stall the backend (ReDoS).
 *
 * Revert messages are read in parseRevert.ts.
 */
import { parseSemVer } from '../semver';
import type { CommitFooter, ParsedCommit, RawCommit } from '../types';
import { readRevert } from './parseRevert';
import { isSpace } from './whitespace';

/** What `parseCommitMessage` extracts from a message alone. */
export type ParsedCommitMessage = Omit<
  ParsedCommit,
  'sha' | 'parents' | 'authorName' | 'authorEmail' | 'date' | 'merge'
> & {
  /** True when the header is one Git or a forge writes for merges. */
  mergeHeader: boolean;
};

// type(scope)!: description. `[\w-]` cannot match `(`, `!` or `:`, and the
// scope cannot contain parentheses, so every part ends at a fixed character.
const HEADER = /^([\w-]+)(?:\(([^()]*)\))?(!)?: ([\s\S]+)$/;
// Headers Git, GitHub, GitLab and Bitbucket write for merge commits.
const MERGE_HEADER =
  /^(?:Merge (?:pull request #\d+ |branch |branches |remote-tracking branch |tag |commit |'|")|Merged in )/;
const BREAKING_TOKENS = new Set(['BREAKING CHANGE', 'BREAKING-CHANGE']);

function isTokenChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || // 0-9
    (code >= 65 && code <= 90) || // A-Z
    (code >= 97 && code <= 122) || // a-z
    code === 45 // -
  );
}

/**
 * Reads a footer line (`Token: value`, `Token #value`, `BREAKING CHANGE: value`);
 * `null` when the line does not start a footer. For the `#` separator the
 * value keeps its `#` so `Refs #12` and `Refs: #12` read the same.
 */
export function parseFooterLine(line: string): CommitFooter | null {
  let token: string;
  let i: number;
  if (line.startsWith('BREAKING CHANGE')) {
    // The one token the specification allows to contain a space.
    token = 'BREAKING CHANGE';
    i = token.length;
  } else {
    i = 0;
    while (i < line.length && isTokenChar(line.charCodeAt(i))) i++;
    // A token starts with a letter or digit (`- item` is a list, not a footer).
    if (i === 0 || line[0] === '-') return null;
    // Most lines are prose: refuse them before allocating the token.
    if (!line.startsWith(': ', i) && !line.startsWith(' #', i)) return null;
    token = line.slice(0, i);
  }
  if (line.startsWith(': ', i)) {
    const value = line.slice(i + 2).trim();
    return value ? { token, value } : null;
  }
  if (line.startsWith(' #', i)) {
    const value = line.slice(i + 1).trim();
    return value.length > 1 ? { token, value } : null;
  }
  return null;
}

function parseHeader(header: string): {
  type: string | null;
  scope: string | null;
  bang: boolean;
  description: string;
} {
  const m = HEADER.exec(header);
  const description = m ? m[4].trim() : '';
  if (!m || !description) {
    return { type: null, scope: null, bang: false, description: header };
  }
  const scope = m[2] === undefined ? null : m[2].trim() || null;
  return { type: m[1].toLowerCase(), scope, bang: m[3] === '!', description };
}

function normalizeReleaseAs(value: string): string | null {
  const v = value.trim().replace(/^v/, '');
  return parseSemVer(v) ? v : null;
}

// The lines of the message being parsed, as offsets into it: a pair of
// numbers per line instead of a string per line, which over thousands of
// commits costs more in allocation and garbage collection than the parse.
// Reused between calls; the parser is synchronous and never re-entered.
let lineStart = new Int32Array(64);
// Where each line ends once trailing whitespace is trimmed.
let lineEnd = new Int32Array(64);
let paragraphs = new Int32Array(16);

function grow(array: Int32Array): Int32Array {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** Fills the line table for `text`; returns the number of lines. */
function splitLines(text: string): number {
  let count = 0;
  let start = 0;
  for (;;) {
    const newline = text.indexOf('\n', start);
    const rawEnd = newline === -1 ? text.length : newline;
    let end = rawEnd;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    if (count === lineStart.length) {
      lineStart = grow(lineStart);
      lineEnd = grow(lineEnd);
    }
    lineStart[count] = start;
    lineEnd[count] = end;
    count++;
    if (newline === -1) return count;
    start = newline + 1;
  }
}

const isBlank = (i: number) => lineEnd[i] === lineStart[i];
const lineAt = (text: string, i: number) =>
  text.slice(lineStart[i], lineEnd[i]);

/**
 * Lines `[from, to)` with their trailing whitespace trimmed, joined by
 * newlines: a slice of the message when no line had any to trim.
 */
function joinLines(text: string, from: number, to: number): string {
  if (to <= from) return '';
  let clean = true;
  for (let i = from; i < to - 1; i++) {
    if (lineEnd[i] !== lineStart[i + 1] - 1) {
      clean = false;
      break;
    }
  }
  if (clean) return text.slice(lineStart[from], lineEnd[to - 1]);
  const parts: string[] = [];
  for (let i = from; i < to; i++) parts.push(lineAt(text, i));
  return parts.join('\n');
}

/** First non-blank line in `[from, to)`, or `to`. */
function firstFilled(from: number, to: number): number {
  let i = from;
  while (i < to && isBlank(i)) i++;
  return i;
}

/** One past the last non-blank line in `[from, to)`, or `from`. */
function endFilled(from: number, to: number): number {
  let i = to;
  while (i > from && isBlank(i - 1)) i--;
  return i;
}

type MessageParts = [
  header: string,
  type: string | null,
  scope: string | null,
  bang: boolean,
  description: string,
  body: string,
  footers: CommitFooter[],
  breakingNotes: string[],
  revert: ParsedCommit['revert'],
  releaseAs: string | null,
];

/**
 * The parse itself; `raw` given, it returns the whole `ParsedCommit`, so a
 * commit costs one result object rather than two.
 */
function parse(
  message: string,
  raw: RawCommit | null,
): ParsedCommit | ParsedCommitMessage {
  // CRLF (Windows) and trailing whitespace must not change the meaning.
  const text =
    message.indexOf('\r') === -1 ? message : message.replace(/\r\n?/g, '\n');
  const trimmed = text.trim();
  if (trimmed.indexOf('\n') === -1) {
    // A header alone, as most commits are: no body or footer to look for.
    const { type, scope, bang, description } = parseHeader(trimmed);
    return result(raw, [
      trimmed,
      type,
      scope,
      bang,
      description,
      '',
      [],
      [],
      readRevert(trimmed, trimmed, type, description),
      null,
    ]);
  }
  const count = splitLines(text);

  const headerIndex = firstFilled(0, count);
  const end = endFilled(headerIndex, count);
  const header = headerIndex < end ? lineAt(text, headerIndex).trim() : '';
  const first = firstFilled(Math.min(headerIndex + 1, end), end);

  // Paragraph starts, to find the footer block: trailing paragraphs that
  // begin with a footer token, like Git trailers.
  let paragraphCount = 0;
  for (let i = first; i < end; i++) {
    if (!isBlank(i) && (i === first || isBlank(i - 1))) {
      if (paragraphCount === paragraphs.length) paragraphs = grow(paragraphs);
      paragraphs[paragraphCount++] = i;
    }
  }
  let footerStart = end;
  for (let p = paragraphCount - 1; p >= 0; p--) {
    const start = paragraphs[p];
    const footer = parseFooterLine(lineAt(text, start));
    if (!footer) break;
    // The last paragraph is a footer block when it starts with a token. An
    // earlier one joins only when it is all footers (or a BREAKING CHANGE,
    // whose value may run over several lines), so body prose that happens
    // to start with `Word: ` stays in the body.
    if (p < paragraphCount - 1 && !BREAKING_TOKENS.has(footer.token)) {
      let allFooters = true;
      for (let i = start + 1; i < end && !isBlank(i); i++) {
        if (!parseFooterLine(lineAt(text, i))) {
          allFooters = false;
          break;
        }
      }
      if (!allFooters) break;
    }
    footerStart = start;
  }

  // Footers: a value continues on the following lines until the next token
  // line or the end of its paragraph.
  const footers: CommitFooter[] = [];
  let current: { token: string; value: string[] } | null = null;
  const flush = () => {
    if (current) {
      footers.push({ token: current.token, value: current.value.join('\n') });
    }
    current = null;
  };
  for (let i = footerStart; i < end; i++) {
    if (isBlank(i)) {
      flush();
      continue;
    }
    const line = lineAt(text, i);
    const footer = parseFooterLine(line);
    if (footer) {
      flush();
      current = { token: footer.token, value: [footer.value] };
    } else if (current) {
      current.value.push(line.trim());
    }
  }
  flush();

  const bodyStart = firstFilled(first, footerStart);
  const bodyEnd = endFilled(bodyStart, footerStart);
  const body = joinLines(text, bodyStart, bodyEnd);

  const breakingNotes: string[] = [];
  // A BREAKING CHANGE paragraph followed by more prose is not a trailing
  // footer, yet it is still meant as one (release-please reads it too): the
  // note runs from the marker to the end of its paragraph.
  for (let i = bodyStart; i < bodyEnd; i++) {
    // Both breaking tokens start so; other lines cannot be one.
    if (!text.startsWith('BREAKING', lineStart[i])) continue;
    const footer = parseFooterLine(lineAt(text, i));
    if (footer && BREAKING_TOKENS.has(footer.token)) {
      const note = [footer.value];
      while (i + 1 < bodyEnd && !isBlank(i + 1))
        note.push(lineAt(text, ++i).trim());
      breakingNotes.push(note.join('\n'));
    }
  }
  for (const f of footers) {
    if (BREAKING_TOKENS.has(f.token)) breakingNotes.push(f.value);
  }

  let releaseAs: string | null = null;
  for (const f of footers) {
    if (f.token.toLowerCase() === 'release-as') {
      releaseAs = normalizeReleaseAs(f.value);
      if (releaseAs) break;
    }
  }

  const { type, scope, bang, description } = parseHeader(header);
  const revert = readRevert(trimmed, header, type, description);

  return result(raw, [
    header,
    type,
    scope,
    bang,
    description,
    body,
    footers,
    breakingNotes,
    revert,
    releaseAs,
  ]);
}

function result(
  raw: RawCommit | null,
  parts: MessageParts,
): ParsedCommit | ParsedCommitMessage {
  const [
    header,
    type,
    scope,
    bang,
    description,
    body,
    footers,
    breakingNotes,
    revert,
    releaseAs,
  ] = parts;
  const mergeHeader = MERGE_HEADER.test(header);
  if (raw === null) {
    return {
      header,
      type,
      scope,
      bang,
      description,
      body,
      footers,
      breakingNotes,
      revert,
      mergeHeader,
      releaseAs,
    };
  }
  // Fields listed one by one: object rest and spread are several times
  // slower in V8, which shows over 20,000 commits.
  return {
    sha: raw.sha,
    parents: raw.parents,
    authorName: raw.authorName,
    authorEmail: raw.authorEmail,
    date: raw.date,
    header,
    type,
    scope,
    bang,
    description,
    body,
    footers,
    breakingNotes,
    revert,
    releaseAs,
    merge: raw.parents.length > 1 || mergeHeader,
  };
}

/**
 * Parses a commit message by the Conventional Commits grammar. Exported on
 * its own so benchmarks can time the parser without commit metadata.
 */
export function parseCommitMessage(message: string): ParsedCommitMessage {
  return parse(message, null) as ParsedCommitMessage;
}

/** Parses a commit read from Git. */
export function parseCommit(raw: RawCommit): ParsedCommit {
  return parse(raw.message, raw) as ParsedCommit;
}
