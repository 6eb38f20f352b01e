/*
 * Markdown in the shape release-please writes to CHANGELOG.md:
 *
 *   ## [1.3.0](https://github.com/acme/cart/compare/v1.2.0...v1.3.0) (2026-11-01)
 *
 *   ### Features
 *
 *   * **api:** add refunds ([abc1234](https://github.com/acme/cart/commit/abc1234...))
 */
import type { Changelog, ChangelogEntry, ChangelogSectionId } from '../types';

// Commit text is untrusted: escape what a markdown renderer would read as HTML.
function escapeHtml(text: string): string {
  // Most texts hold neither: skip two regular-expression passes per entry.
  if (text.indexOf('<') === -1 && text.indexOf('>') === -1) return text;
  return text.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The repository web URL a commit link was built from. */
function repoBase(url: string): string | null {
  const at = url.lastIndexOf('/commit/');
  return at === -1 ? null : url.slice(0, at);
}

/** Links `(#123)` pull request references, as release-please does. */
function linkReferences(text: string, base: string | null): string {
  if (!base || text.indexOf('(#') === -1) return text;
  return text.replace(
    /\(#(\d+)\)/g,
    (_m, n: string) => `([#${n}](${base}/issues/${n}))`,
  );
}

function indentContinuation(text: string): string {
  return text.split('\n').join('\n  ');
}

/**
 * One list item, without its newline. Written for the common case, an
 * entry without links: each line is built in one expression, since a
 * changelog of a long history renders tens of thousands of them.
 */
function renderEntry(
  entry: ChangelogEntry,
  section: ChangelogSectionId,
): string {
  const url = entry.url;
  const scope = entry.scope;
  if (section === 'breaking') {
    const note = linkReferences(
      escapeHtml(entry.breakingNote ?? entry.description),
      url ? repoBase(url) : null,
    );
    const prefix = scope ? `**${escapeHtml(scope)}:** ` : '';
    return `* ${prefix}${indentContinuation(note)}`;
  }
  const description = escapeHtml(entry.description);
  const text = url ? linkReferences(description, repoBase(url)) : description;
  const sha = url ? `[${entry.shortSha}](${url})` : entry.shortSha;
  // Other changes mix types, so the type stays visible there.
  if (section === 'other' && entry.type) {
    const type = escapeHtml(entry.type);
    return scope
      ? `* **${type}(${escapeHtml(scope)}):** ${text} (${sha})`
      : `* **${type}:** ${text} (${sha})`;
  }
  return scope
    ? `* **${escapeHtml(scope)}:** ${text} (${sha})`
    : `* ${text} (${sha})`;
}

/**
 * Renders a changelog as markdown in pieces of about 64 KiB, handing each
 * to `write` as it is done: a long changelog never exists as one string,
 * and each piece is garbage once written instead of surviving to the end.
 */
export function writeChangelogMarkdown(
  changelog: Changelog,
  write: (chunk: string) => void,
): void {
  const version = changelog.version ?? 'Unreleased';
  const title = changelog.compareUrl
    ? `[${version}](${changelog.compareUrl})`
    : version;
  const date = changelog.date ? ` (${changelog.date})` : '';
  let out = `## ${title}${date}\n`;
  for (const section of changelog.sections) {
    out += `\n### ${section.title}\n\n`;
    for (const entry of section.entries) {
      out += `${renderEntry(entry, section.id)}\n`;
      if (out.length >= 65536) {
        write(out);
        out = '';
      }
    }
  }
  write(out);
}

/** Renders a changelog as markdown, ending with a newline. */
export function renderChangelogMarkdown(changelog: Changelog): string {
  const chunks: string[] = [];
  writeChangelogMarkdown(changelog, chunk => chunks.push(chunk));
  return chunks.join('');
}
