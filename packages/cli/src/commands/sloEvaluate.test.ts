import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { releases } from '../testUtils/releases';

const SLO = join(__dirname, '__fixtures__', 'slo', 'checkout.yaml');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'slo-evaluate-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    typeof content === 'string' ? content : JSON.stringify(content),
  );
  return path;
}

const values = (latency: number, errors: number, availability: number) => [
  { metric: 'latency_p95', value: latency, success: true },
  { metric: 'error_rate', value: errors, success: true },
  { metric: 'availability', value: availability, success: true },
  { metric: 'throughput', value: 120, success: true },
];
const previous = [
  {
    result: 'pass',
    score: 100,
    indicators: [
      { metric: 'latency_p95', value: 250, success: true, status: 'pass' },
    ],
  },
];

describe('releases slo evaluate', () => {
  it('prints a table and exits 0 on pass', async () => {
    const r = await releases(
      'slo',
      'evaluate',
      '--slo',
      SLO,
      '--values',
      file('values.json', values(260, 0.5, 99.95)),
      '--previous',
      file('previous.json', previous),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'metric              value  baseline  status  score',
        'latency_p95         260    250       pass    1/1',
        'error_rate          0.5    -         pass    2/2',
        'availability (key)  99.95  -         pass    1/1',
        'throughput          120    -         info    -',
        '',
        'total 100%: pass',
        '',
      ].join('\n'),
    );
  });

  it('prints the evaluation as JSON with --json, and exits 0 on warning', async () => {
    const r = await releases(
      'slo',
      'evaluate',
      '--slo',
      SLO,
      '--values',
      file('values.json', values(260, 1.5, 99.95)),
      '--previous',
      file('previous.json', previous),
      '--json',
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      score: 75,
      result: 'warning',
      keySliFailed: false,
    });
    expect(out.indicators[0]).toEqual({
      metric: 'latency_p95',
      displayName: 'Latency p95 (ms)',
      value: 260,
      comparedValue: 250,
      status: 'pass',
      score: 1,
      keySli: false,
      weight: 1,
      passTargets: [
        { criteria: '<=300', targetValue: 300, violated: false },
        { criteria: '<=+10%', targetValue: 275, violated: false },
      ],
      warningTargets: [
        { criteria: '<=500', targetValue: 500, violated: false },
      ],
    });
  });

  it('accepts its own --json output as --previous', async () => {
    // Keep warnings as baselines: without one, latency is a warning.
    const slo = file(
      'slo.yaml',
      readFileSync(SLO, 'utf8').replace(
        'includeResultWithScore: pass',
        'includeResultWithScore: pass_or_warn',
      ),
    );
    const first = await releases(
      'slo',
      'evaluate',
      '--slo',
      slo,
      '--values',
      file('v1.json', values(200, 0.5, 99.95)),
      '--json',
    );
    expect(JSON.parse(first.stdout).result).toBe('warning');
    const second = await releases(
      'slo',
      'evaluate',
      '--slo',
      slo,
      '--values',
      file('v2.json', values(230, 0.5, 99.95)),
      '--previous',
      file('p.json', `[${first.stdout}]`),
      '--json',
    );
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    const latency = JSON.parse(second.stdout).indicators[0];
    // 230 is more than 10% above 200: the relative pass criterion fails.
    expect(latency).toMatchObject({ comparedValue: 200, status: 'warning' });
  });

  it('exits 1 when a key objective fails, and says so', async () => {
    const r = await releases(
      'slo',
      'evaluate',
      '--slo',
      SLO,
      '--values',
      file('values.json', values(260, 0.5, 99.5)),
      '--previous',
      file('previous.json', previous),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'availability (key)  99.5   -         fail    0/1',
    );
    expect(r.stdout).toContain('total 75%: fail (a key objective failed)');
  });

  it('without a baseline our format makes latency a warning, with the reason', async () => {
    const r = await releases(
      'slo',
      'evaluate',
      '--slo',
      SLO,
      '--values',
      file('values.json', [
        ...values(260, 0.5, 99.95).slice(0, 3),
        {
          metric: 'throughput',
          value: null,
          success: false,
          message: 'timeout',
        },
      ]),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '  latency_p95: no baseline to compare with: pass needs one, so the objective is at best a warning',
    );
    expect(r.stdout).toContain('  throughput: timeout');
    expect(r.stdout).toContain('total 87.5%: warning');
  });

  it.each([
    [
      ['--values', 'VALUES'],
      'releases: Pass --slo FILE, the service level objectives\n',
    ],
    [
      ['--slo', 'SLO'],
      'releases: Pass --values FILE, a JSON array of { metric, value, success, message }\n',
    ],
  ])('exits 2 when an option is missing: %p', async (args, stderr) => {
    const files: Record<string, string> = {
      SLO,
      VALUES: file('v.json', []),
    };
    const argv = args.map(a => files[a] ?? a);
    const r = await releases('slo', 'evaluate', ...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(stderr);
    expect(r.stdout).toBe('');
  });

  it('exits 2 on an unknown option', async () => {
    const r = await releases('slo', 'evaluate', '--slo', SLO, '--vals', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--vals'/);
  });

  it('exits 2 on an unreadable file, naming it', async () => {
    const missing = join(dir, 'nope.yaml');
    const r = await releases(
      'slo',
      'evaluate',
      '--slo',
      missing,
      '--values',
      file('v.json', []),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `releases: --slo ${missing}: cannot read it (ENOENT)\n`,
    );
  });

  it('exits 2 on an invalid SLO file, naming the file, line and path', async () => {
    const slo = file(
      'slo.yaml',
      'spec_version: "1.0"\nobjectives:\n  - sli: a\n    pass:\n      - criteria: ["=>5"]\ntotal_score: {pass: "90%"}\n',
    );
    const r = await releases(
      'slo',
      'evaluate',
      '--slo',
      slo,
      '--values',
      file('v.json', []),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `releases: --slo ${slo}, line 5: objectives[0].pass[0].criteria[0]: "=>5" is not a criterion; use <=, <, =, >=, > followed by a number, +x, -x or x%\n`,
    );
  });

  it('exits 2 on invalid JSON, naming the file', async () => {
    const bad = file('v.json', '[{"metric": ');
    const r = await releases('slo', 'evaluate', '--slo', SLO, '--values', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(`^releases: --values ${bad}: not valid JSON: `),
    );
  });

  it.each([
    [
      { metric: 'a', value: '3', success: true },
      '[0].value: must be a number or null',
    ],
    [{ metric: 'a', value: 3 }, '[0].success: must be true or false'],
    [
      { metric: 'a', vaule: 3, success: true },
      '[0].vaule: unknown key; allowed: metric, value, success, message',
    ],
    [{ value: 3, success: true }, '[0].metric: must be a non-empty string'],
  ])('exits 2 on a bad value %p', async (item, reason) => {
    const v = file('v.json', [item]);
    const r = await releases('slo', 'evaluate', '--slo', SLO, '--values', v);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`releases: --values ${v}: ${reason}\n`);
  });

  it('exits 2 on a metric given twice, and on values that are not an array', async () => {
    const twice = file('twice.json', [
      { metric: 'a', value: 1, success: true },
      { metric: 'a', value: 2, success: true },
    ]);
    let r = await releases('slo', 'evaluate', '--slo', SLO, '--values', twice);
    expect(r.stderr).toBe(
      `releases: --values ${twice}: [1].metric: "a" is given twice\n`,
    );
    const object = file('object.json', { latency_p95: 1 });
    r = await releases('slo', 'evaluate', '--slo', SLO, '--values', object);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `releases: --values ${object}: the file: must be a JSON array of { metric, value, success, message }\n`,
    );
  });

  it('exits 2 on a bad earlier evaluation, naming its path', async () => {
    const p = file('p.json', [
      {
        result: 'pass',
        score: 100,
        indicators: [{ metric: 'a', value: 1, success: true, status: 'ok' }],
      },
    ]);
    const r = await releases(
      'slo',
      'evaluate',
      '--slo',
      SLO,
      '--values',
      file('v.json', []),
      '--previous',
      p,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `releases: --previous ${p}: [0].indicators[0].status: must be one of pass, warning, fail, info\n`,
    );
  });
});
