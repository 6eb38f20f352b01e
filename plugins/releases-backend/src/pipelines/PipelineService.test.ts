import { ConfigReader } from '@backstage/config';
import type { PipelineStage } from '@releases-for-backstage/plugin-releases-common';
import type {
  PromotionCheckContext,
  RepositoryLocator,
} from '@releases-for-backstage/plugin-releases-node';
import type { EntityReleaseSource } from '../releases/ReleaseStateService';
import { PipelineService } from './PipelineService';
import type { PipelineStore } from './PipelineStore';
import { readPipelineSettings } from './settings';

const SOURCE = {
  entityRef: 'component:default/cart',
  repo: '/repos/cart',
  tagPrefix: 'v',
} as EntityReleaseSource;

function stage(name: string, status: PipelineStage['status']): PipelineStage {
  return {
    name,
    status,
    startedAt: null,
    finishedAt: null,
    url: status === 'failed' ? `https://ci/${name}` : null,
    detail: null,
    reportedBy: 'external:ci',
    reportedAt: '2026-12-03T10:00:00.000Z',
  };
}

function service(stages: Record<string, PipelineStage[]>) {
  const store: PipelineStore = {
    report: jest.fn(),
    stages: async (_ref, version) => stages[version] ?? [],
    schemaOf: async () => null,
  };
  return new PipelineService({
    store,
    risk: {
      candidateOf: async (_s, v) => (v === '1.5.0' ? '1.5.0-rc.2' : null),
    },
    locator: {
      open: async () => ({
        listTags: async () => [
          {
            name: 'v1.5.0-rc.2',
            sha: '1a2b3c4d5e6f',
            date: '',
            annotated: false,
          },
        ],
      }),
    } as unknown as RepositoryLocator,
    settings: {
      requiredStages: { prod: ['unit-tests', 'integration-tests'] },
      chartVersion: '<module>-<major>-<minor>-<patch>-<sha>',
    },
    sourceOf: async () => SOURCE,
  });
}

function context(
  overrides: Partial<PromotionCheckContext> = {},
): PromotionCheckContext {
  return {
    promotionId: 'p1',
    entityRef: SOURCE.entityRef,
    component: 'cart',
    environment: { name: 'prod' } as PromotionCheckContext['environment'],
    version: 'v1.5.0',
    sha: null,
    previousVersion: 'v1.4.0',
    rollback: false,
    requestedBy: 'user:default/bob',
    decisions: [],
    settings: {},
    ...overrides,
  };
}

describe('the pipeline gate', () => {
  it('does not apply where no stage is required, and lets rollbacks through', async () => {
    const gate = service({}).gate();
    expect(
      await gate.evaluate(
        context({
          environment: { name: 'qa' } as PromotionCheckContext['environment'],
        }),
      ),
    ).toBeNull();
    expect(await gate.evaluate(context({ rollback: true }))).toEqual({
      status: 'met',
      detail: 'rollback',
    });
  });

  it('counts skipped as not met, and judges the final by its candidate', async () => {
    const gate = service({
      '1.5.0-rc.2': [stage('unit-tests', 'skipped')],
    }).gate();
    expect(await gate.evaluate(context())).toEqual({
      status: 'pending',
      detail:
        'waiting for pipeline stages unit-tests (skipped), integration-tests (not reported) for v1.5.0-rc.2',
    });
  });

  it('fails on a failed required stage, naming its run, and ignores stages not required', async () => {
    const gate = service({
      '1.5.0-rc.2': [
        stage('lint', 'failed'),
        stage('unit-tests', 'succeeded'),
        stage('integration-tests', 'failed'),
      ],
    }).gate();
    expect(await gate.evaluate(context())).toEqual({
      status: 'failed',
      detail:
        'pipeline stage integration-tests (https://ci/integration-tests) failed for v1.5.0-rc.2',
    });
  });

  it('refuses WIP where stages are required: it has no trace', async () => {
    const gate = service({}).gate();
    expect(await gate.evaluate(context({ version: 'WIP' }))).toEqual({
      status: 'failed',
      detail:
        'WIP has no pipeline trace; prod requires the stages unit-tests, integration-tests',
    });
  });

  it("uses the final's own stages once it has them", async () => {
    const s = service({
      '1.5.0': [stage('integration-tests', 'succeeded')],
      '1.5.0-rc.2': [stage('unit-tests', 'succeeded')],
    });
    const trace = await s.trace(SOURCE, 'v1.5.0');
    expect(trace.version).toBe('v1.5.0');
    expect(trace.stages.map(x => x.name)).toEqual(['integration-tests']);
    // The final is not tagged yet: the chart is built from the candidate's commit.
    expect(trace.chartVersion).toBe('cart-1-5-0-1a2b3c4');
  });
});

describe('readPipelineSettings', () => {
  const read = (releases: object) =>
    readPipelineSettings(new ConfigReader({ releases }), ['qa', 'prod']);

  it('reads required stages and the chart template', () => {
    expect(
      read({
        pipelines: { requiredStages: { prod: ['unit-tests', 'unit-tests'] } },
        artifacts: { chartVersion: '<module>-<sha>' },
      }),
    ).toEqual({
      requiredStages: { prod: ['unit-tests'] },
      chartVersion: '<module>-<sha>',
    });
    expect(read({})).toEqual({ requiredStages: {}, chartVersion: null });
  });

  it('stops at a bad key, naming it', () => {
    expect(() =>
      read({ pipelines: { requiredStages: { prod: ['Unit Tests'] } } }),
    ).toThrow(
      "releases.pipelines.requiredStages.prod[0]: 'Unit Tests' is not a stage name",
    );
    expect(() =>
      read({ pipelines: { requiredStages: { canary: ['build'] } } }),
    ).toThrow(
      "releases.pipelines.requiredStages.canary: 'canary' is not an environment; environments are qa, prod",
    );
    expect(() =>
      read({ artifacts: { chartVersion: '<module>-<build>' } }),
    ).toThrow(/^releases\.artifacts\.chartVersion: .*<build>/);
  });
});
