/*
 * Revert commits, read as semantic-release reads them: its revert pattern
 * matched by hand in one linear pass (see readRevertPattern), and a
 * header-only fallback. Part of parseCommit.ts's parser.
 */
import type { ParsedCommit } from '../types';
import { isSpace } from './whitespace';

const REVERT_MARKER = 'this reverts commit ';

/**
 * The header a revert commit names when its message gives no commit id:
 * `revert: <header>` or Git's `Revert "<header>"`, read as the revert pattern
 * below would read it (so `Revert "x" (#13)` names `x" (#13)`).
 */
function revertedHeader(
  header: string,
  type: string | null,
  description: string,
): string | null {
  if (type === 'revert') return description;
  // Checked on the first letter before lower-casing: every header passes here.
  if ((header.charCodeAt(0) | 32) !== 114 /* r */) return null;
  if (header.slice(0, 8).toLowerCase() !== 'revert "') return null;
  let inner = header.slice('revert "'.length);
  if (inner.endsWith('"')) inner = inner.slice(0, -1);
  return inner.trim() || null;
}

/** True when `text` has `lower` (lower-case ASCII) at `at`, ignoring ASCII case only, as a non-Unicode `/i` does. */
function hasAt(text: string, at: number, lower: string): boolean {
  for (let k = 0; k < lower.length; k++) {
    let code = text.charCodeAt(at + k);
    if (code >= 65 && code <= 90) code |= 32;
    if (code !== lower.charCodeAt(k)) return false;
  }
  return true;
}

/** `\w` without the `u` flag. */
function isWord(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95 // _
  );
}

/** Length of the `\w{7,40}\b` id at `at`, or 0. */
function idLength(text: string, at: number): number {
  let i = at;
  while (i - at <= 40 && isWord(text.charCodeAt(i))) i++;
  const n = i - at;
  return n >= 7 && n <= 40 ? n : 0;
}

/** First `This reverts commit <id>` at or after `from`, or -1. */
function findRevertMarker(text: string, from: number): number {
  const last = text.length - REVERT_MARKER.length - 7;
  for (let m = from; m <= last; m++) {
    if ((text.charCodeAt(m) | 32) !== 116 /* t */) continue;
    if (
      hasAt(text, m, REVERT_MARKER) &&
      idLength(text, m + REVERT_MARKER.length)
    ) {
      return m;
    }
  }
  return -1;
}

/**
 * conventional-changelog-angular's revert pattern, which semantic-release
 * applies to the whole (trimmed) message:
 * `^(?:Revert|revert:)\s"?([\s\S]+?)"?\s*This reverts commit (\w{7,40})\b`,
 * case-insensitive, captures `[header, hash]`. Read here without the regular
 * expression, whose lazy capture followed by `\s*` is quadratic on long runs
 * of white space; `null` when the message does not match. The header is
 * returned trimmed (conventional-commits-filter trims before comparing) and
 * the id exactly as written.
 */
function readRevertPattern(
  text: string,
): { header: string; sha: string } | null {
  if (!hasAt(text, 0, 'revert')) return null;
  // `Revert\s` or `revert:\s`, where the next character is the `\s`.
  const pos = text.charCodeAt(6) === 58 /* : */ ? 8 : 7;
  if (!isSpace(text.charCodeAt(pos - 1))) return null;
  // `"?` is greedy: the capture starts after an opening quote unless
  // nothing matches from there, and then it starts at the quote.
  const starts = text.charCodeAt(pos) === 34 /* " */ ? [pos + 1, pos] : [pos];
  for (const start of starts) {
    // The lazy capture holds at least one character and ends at the first
    // place the rest matches: before the first marker with a valid id, less
    // the white space and one closing quote in front of it.
    const m = findRevertMarker(text, start + 1);
    if (m === -1) continue;
    let end = m;
    while (end > start + 1 && isSpace(text.charCodeAt(end - 1))) end--;
    if (end > start + 1 && text.charCodeAt(end - 1) === 34) end--;
    const id = m + REVERT_MARKER.length;
    return {
      header: text.slice(start, end).trim(),
      sha: text.slice(id, id + idLength(text, id)),
    };
  }
  return null;
}

/**
 * A revert as semantic-release reads it when the message matches the revert
 * pattern (`sha` then set); otherwise, when the header alone names a revert,
 * a revert of an unknown commit (`sha: null`).
 */
export function readRevert(
  message: string,
  header: string,
  type: string | null,
  description: string,
): ParsedCommit['revert'] {
  const matched = readRevertPattern(message);
  if (matched) return matched;
  const revertHeader = revertedHeader(header, type, description);
  return revertHeader === null ? null : { header: revertHeader, sha: null };
}
