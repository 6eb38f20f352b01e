import { maxBump } from './preset';

describe('maxBump', () => {
  it.each([
    [null, null, null],
    [null, 'patch', 'patch'],
    ['minor', null, 'minor'],
    ['patch', 'minor', 'minor'],
    ['major', 'minor', 'major'],
  ] as const)('%s, %s -> %s', (a, b, expected) => {
    expect(maxBump(a, b)).toBe(expected);
  });
});
