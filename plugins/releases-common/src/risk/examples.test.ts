/*
 * The worked examples of docs/risk.md, recomputed: each ```risk-example
 * block lists the SCM labels, the reasons verbatim, the level and the rule,
 * so the documentation cannot drift from the code.
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { assessChangeRisk } from './assess';
import { parseLabelStrings } from './labels';

const doc = readFileSync(
  resolve(__dirname, '../../../../docs/risk.md'),
  'utf8',
);
const blocks = [...doc.matchAll(/```risk-example\n([\s\S]*?)```/g)].map(m =>
  m[1].trim().split('\n'),
);

describe('docs/risk.md worked examples', () => {
  it('has four examples', () => {
    expect(blocks).toHaveLength(4);
  });

  it.each(blocks.map((lines, i) => [i + 1, lines] as const))(
    'example %i matches the code',
    (_n, lines) => {
      const [labelLine, ...rest] = lines;
      expect(labelLine).toMatch(/^labels:/);
      const labels = parseLabelStrings(
        labelLine
          .replace(/^labels:/, '')
          .trim()
          .split(/\s+/)
          .filter(Boolean),
      );
      const a = assessChangeRisk(labels);
      const result = rest.slice(-1)[0];
      expect(rest.slice(0, -1)).toEqual(a.reasons);
      expect(result).toBe(
        `=> ${a.level} (${a.points} points, rule: ${a.rule ?? 'none'})`,
      );
    },
  );
});
