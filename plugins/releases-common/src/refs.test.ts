import { InvalidRefNameError, ReleasesError } from './errors';
import { assertValidRefName, isValidRefName, refNameProblem } from './refs';

// Checked against `git check-ref-format --allow-onelevel <name>` (git 2.39).
const valid = [
  'main',
  'feature/x',
  'environment/prod',
  'v1.2.3',
  'cart-v1.3.0-rc.1',
  'release/2026.11',
  'a.b',
  'foo@bar',
  '@x',
  'x@',
  'x/@/y',
  'héllo',
  'a-',
  'x/-y',
  'a_b',
  'HEAD',
  'foo.lock.x',
  'ok.lockx',
];

const invalid: Array<[string, string]> = [
  ['', 'it is empty'],
  ['@', "it cannot be the single character '@'"],
  ['-x', "it cannot start with '-'"],
  ['x..y', "it cannot contain '..'"],
  ['x..', "it cannot contain '..'"],
  ['..', "it cannot contain '..'"],
  ['x y', "it cannot contain ' '"],
  ['x~1', "it cannot contain '~'"],
  ['x^', "it cannot contain '^'"],
  ['x:y', "it cannot contain ':'"],
  ['x?', "it cannot contain '?'"],
  ['x*', "it cannot contain '*'"],
  ['x[1]', "it cannot contain '['"],
  ['x\\y', "it cannot contain '\\'"],
  ['x\u0001', 'it cannot contain ASCII control characters'],
  ['x\u007f', 'it cannot contain ASCII control characters'],
  ['x\t', 'it cannot contain ASCII control characters'],
  ['x\n', 'it cannot contain ASCII control characters'],
  ['/x', "it cannot start or end with '/'"],
  ['x/', "it cannot start or end with '/'"],
  ['x//y', "it cannot contain '//'"],
  ['.x', "component '.x' cannot start with '.'"],
  ['x/.y', "component '.y' cannot start with '.'"],
  ['a/./b', "component '.' cannot start with '.'"],
  ['.', "it cannot end with '.'"],
  ['x.', "it cannot end with '.'"],
  ['x/.', "it cannot end with '.'"],
  ['x.lock', "component 'x.lock' cannot end with '.lock'"],
  ['x.lock/y', "component 'x.lock' cannot end with '.lock'"],
  ['a/b.lock', "component 'b.lock' cannot end with '.lock'"],
  ['a/.lock', "component '.lock' cannot start with '.'"],
  ['x@{1}', "it cannot contain '@{'"],
  ['@{', "it cannot contain '@{'"],
];

describe('isValidRefName', () => {
  it.each(valid)('accepts %j', name => {
    expect(isValidRefName(name)).toBe(true);
    expect(() => assertValidRefName(name)).not.toThrow();
  });

  it.each(invalid)('rejects %j: %s', (name, rule) => {
    expect(isValidRefName(name)).toBe(false);
    expect(refNameProblem(name)).toBe(rule);
  });
});

describe('assertValidRefName', () => {
  it('names the value, what it is, and the rule it breaks', () => {
    let error: unknown;
    try {
      assertValidRefName('environment/prod..x', 'branch');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidRefNameError);
    expect(error).toBeInstanceOf(ReleasesError);
    expect(error).toMatchObject({
      name: 'InvalidRefNameError',
      message:
        "Invalid branch name 'environment/prod..x': it cannot contain '..'",
      value: 'environment/prod..x',
      what: 'branch',
      rule: "it cannot contain '..'",
    });
  });

  it("defaults to calling the value a 'ref'", () => {
    expect(() => assertValidRefName('a b')).toThrow("Invalid ref name 'a b'");
  });
});
