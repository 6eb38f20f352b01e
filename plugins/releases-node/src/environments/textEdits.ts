/*
 * Line-oriented edits of a text file: where lines start and end, and
 * splicing whole lines in or out in the file's own line ending. Knows
 * nothing of YAML; environmentFile.ts finds the places to edit.
 */

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort(
    (a, b) => b.start - a.start || b.end - a.end,
  )) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}

export class FileText {
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
