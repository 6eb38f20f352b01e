/*
 * Git's rules for reference names (`git check-ref-format`, see
 * https://git-scm.com/docs/git-check-ref-format), applied to the short name
 * of a branch or tag, as `--allow-onelevel` does, plus `--branch`'s rule
 * that a name cannot start with `-` (it would read as an option). Names are
 * checked before any Git command sees them.
 */
import { InvalidRefNameError } from './errors';

/** The rule `name` breaks, or `null` when Git accepts it. */
export function refNameProblem(name: string): string | null {
  if (name.length === 0) return 'it is empty';
  if (name === '@') return "it cannot be the single character '@'";
  if (name.startsWith('-')) return "it cannot start with '-'";
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) {
      return 'it cannot contain ASCII control characters';
    }
    const ch = name[i];
    if (' ~^:?*[\\'.includes(ch)) {
      return `it cannot contain '${ch}'`;
    }
  }
  if (name.includes('..')) return "it cannot contain '..'";
  if (name.includes('@{')) return "it cannot contain '@{'";
  if (name.startsWith('/') || name.endsWith('/')) {
    return "it cannot start or end with '/'";
  }
  if (name.includes('//')) return "it cannot contain '//'";
  if (name.endsWith('.')) return "it cannot end with '.'";
  for (const component of name.split('/')) {
    if (component.startsWith('.')) {
      return `component '${component}' cannot start with '.'`;
    }
    if (component.endsWith('.lock')) {
      return `component '${component}' cannot end with '.lock'`;
    }
  }
  return null;
}

/** True when Git accepts `name` as a branch or tag name. */
export function isValidRefName(name: string): boolean {
  return refNameProblem(name) === null;
}

/** Throws `InvalidRefNameError` naming the value and the broken rule. */
export function assertValidRefName(name: string, what = 'ref'): void {
  const problem = refNameProblem(name);
  if (problem !== null) throw new InvalidRefNameError(name, what, problem);
}
