import { parseEnvironmentFile, setComponentEntry } from './environmentFile';

const qa = {
  name: 'qa',
  type: 'qa' as const,
  description: 'Release candidates',
};
const entry = {
  version: '1.3.0',
  commit: 'b'.repeat(40),
  appRepo: '../cart',
  updatedAt: '2026-11-02T00:00:00.000Z',
  updatedBy: 'user:default/bob',
  promotion: 'p2',
};

const TEXT = [
  '# qa, edited by hand',
  'environment:',
  '  name: qa',
  "  targets: ['eu', 'us']",
  '',
  'components:',
  '  cart:',
  '    version: "1.2.0"   # pinned',
  '    promotion: p1',
  '  search:',
  '    version: 2.0.0',
  '',
].join('\n');

describe('parseEnvironmentFile', () => {
  it('fills what the file leaves out from the definition', () => {
    expect(parseEnvironmentFile('', qa)).toEqual({
      environment: qa,
      components: {},
    });
    expect(parseEnvironmentFile(TEXT, qa)).toEqual({
      environment: { ...qa, targets: ['eu', 'us'] },
      components: {
        cart: { version: '1.2.0', promotion: 'p1' },
        search: { version: '2.0.0' },
      },
    });
  });
});

describe('setComponentEntry', () => {
  it('changes only the values that differ, in their own quoting', () => {
    const next = setComponentEntry(TEXT, qa, 'cart', {
      ...entry,
      version: '1.3.0',
    });
    const lines = next.split('\n');
    expect(lines.slice(0, 7)).toEqual(TEXT.split('\n').slice(0, 7));
    expect(lines[7]).toBe('    version: "1.3.0"   # pinned');
    expect(lines[8]).toBe('    promotion: p2');
    expect(next).toContain('  search:\n    version: 2.0.0\n');
    expect(parseEnvironmentFile(next, qa).components.cart).toEqual(entry);
  });

  it('removes an entry and nothing else', () => {
    expect(setComponentEntry(TEXT, qa, 'search', null)).toBe(
      TEXT.replace('  search:\n    version: 2.0.0\n', ''),
    );
    expect(setComponentEntry(TEXT, qa, 'missing', null)).toBe(TEXT);
  });

  it('writes the environment and the entry to an empty file', () => {
    expect(
      parseEnvironmentFile(setComponentEntry('', qa, 'cart', entry), qa),
    ).toEqual({ environment: qa, components: { cart: entry } });
  });

  it('refuses a file that is not YAML', () => {
    expect(() => setComponentEntry('a: [', qa, 'cart', entry)).toThrow(
      /Cannot edit environment.yaml/,
    );
  });
});
