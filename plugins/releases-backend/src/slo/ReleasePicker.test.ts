import type {
  Release,
  StabilityResponse,
} from '@releases-for-backstage/plugin-releases-common';
import { pickReleases } from './ReleasePicker';

const CART = 'component:default/cart';
const PAY = 'component:default/payments';
const DOCS = 'component:default/docs';

function stability(
  score: number | null,
  passed: boolean,
  channel: StabilityResponse['channel'],
  reasons: string[] = [],
): StabilityResponse {
  return {
    entityRef: '',
    environment: 'staging',
    version: null,
    since: null,
    score,
    passed,
    channel,
    soaked: passed ? 1 : 0.5,
    intervals: { due: 0, measured: 0, failed: 0 },
    parts: { evaluations: score, results: null },
    reasons,
  };
}

const release = (
  version: string,
  components: Record<string, string>,
  date = '2026-11-20T10:00:00Z',
) => ({
  tag: `v${version}`,
  version,
  sha: 'abc',
  date,
  manifest: {
    product: 'shop',
    version,
    components: Object.fromEntries(
      Object.entries(components).map(([n, v]) => [
        n,
        { version: v, tag: `v${v}` },
      ]),
    ),
  },
});

const cartReleases: Release[] = ['1.5.0', '1.4.0', '1.3.0'].map(v => ({
  tag: `v${v}`,
  version: v,
  prerelease: false,
  sha: v,
  date: '2026-11-01',
  channel: null,
  changelog: {
    version: v,
    previousVersion: null,
    date: null,
    sections: [
      {
        id: 'features',
        title: 'Features',
        entries: [{ description: `feature of ${v}` } as any],
      },
      {
        id: 'other',
        title: 'Other',
        entries: [{ description: 'chore' } as any],
      },
    ],
  } as any,
}));

describe('pickReleases', () => {
  const scores: Record<string, StabilityResponse> = {
    [`${CART} v1.5.0`]: stability(96, true, 'stable'),
    [`${PAY} v2.0.0`]: stability(92, true, 'stable'),
    [`${CART} v1.4.0`]: stability(99, true, 'stable'),
    [`${PAY} v1.9.0`]: stability(70, false, 'alpha', [
      '2 interval(s) failed their SLOs',
    ]),
    [`${CART} v1.6.0`]: stability(null, false, null, ['nothing measured yet']),
  };
  const pick = (releases: ReturnType<typeof release>[]) =>
    pickReleases({
      system: 'system:default/shop',
      environment: 'staging',
      releases: releases as any,
      entityRefs: new Map([
        ['cart', CART],
        ['payments', PAY],
        ['docs', DOCS],
      ]),
      declared: new Set([CART, PAY]),
      prod: new Map([
        [CART, 'v1.3.0'],
        [PAY, 'v1.9.0'],
      ]),
      prodProduct: { version: '3.0.0', tag: 'v3.0.0' },
      stability: async (ref, tag) => scores[`${ref} ${tag}`],
      releasesOf: async ref => (ref === CART ? cartReleases : []),
    });

  it('ranks passing releases first, each as stable as its least stable component', async () => {
    const picked = await pick([
      release(
        '3.3.0',
        { cart: '1.6.0', payments: '2.0.0', docs: '1.0.0' },
        '2026-11-25T00:00:00Z',
      ),
      release(
        '3.2.0',
        { cart: '1.5.0', payments: '2.0.0', docs: '1.0.0' },
        '2026-11-22T00:00:00Z',
      ),
      release(
        '3.1.0',
        { cart: '1.4.0', payments: '1.9.0', docs: '1.0.0' },
        '2026-11-20T00:00:00Z',
      ),
    ]);
    expect(
      picked.releases.map(r => [r.tag, r.score, r.channel, r.passed]),
    ).toEqual([
      ['v3.2.0', 92, 'stable', true],
      ['v3.1.0', 70, 'alpha', false],
      ['v3.3.0', null, null, false],
    ]);
    expect(picked.prod).toEqual({ version: '3.0.0', tag: 'v3.0.0' });
    const [best, weak, unmeasured] = picked.releases;
    expect(best.reasons).toEqual(['every component passed in staging']);
    // docs declares no SLOs: listed, not judged, and not holding the release back.
    expect(best.components.find(c => c.component === 'docs')).toMatchObject({
      judged: false,
      score: null,
    });
    expect(best.components.find(c => c.component === 'cart')).toMatchObject({
      bump: 'minor',
      score: 96,
    });
    expect(weak.reasons).toEqual([
      'payments 1.9.0: 2 interval(s) failed their SLOs',
    ]);
    expect(unmeasured.reasons[0]).toBe(
      'not every component with SLOs was measured',
    );
    // What 3.2.0 adds over prod: cart's features of 1.4.0 and 1.5.0, no chores.
    expect(best.adds).toEqual([
      {
        component: 'cart',
        entries: [
          { description: 'feature of 1.5.0' },
          { description: 'feature of 1.4.0' },
        ],
      },
    ]);
  });
});
