/**
 * Puts a release's section at the top of a CHANGELOG.md: before the first
 * `## ` release heading, so a `# Changelog` title (release-please writes
 * one) stays first; after the title when there is no release yet; at the
 * very top when the file has neither. `section` ends with a newline, as
 * `renderChangelogMarkdown` writes it.
 */
export function prependChangelogSection(text: string, section: string): string {
  const body = section.endsWith('\n') ? section : `${section}\n`;
  const release = /^## /m.exec(text);
  if (release) {
    return `${text.slice(0, release.index)}${body}\n${text.slice(
      release.index,
    )}`;
  }
  const title = /^# [^\n]*(\n|$)/.exec(text);
  if (title) {
    const rest = text.slice(title[0].length).replace(/^\n+/, '');
    return `${title[0].trimEnd()}\n\n${body}${rest ? `\n${rest}` : ''}`;
  }
  return text.trim() ? `${body}\n${text}` : body;
}
