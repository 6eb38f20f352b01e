// The Channel column: the measured stability of the newest releases where
// they soak, the stored channel of the others.
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  Release,
  StabilityResponse,
} from '@releases-for-backstage/plugin-releases-common';
import {
  releasesApiRef,
  type ReleasesApi,
} from '@releases-for-backstage/plugin-releases-react';
import { screen, waitFor, within } from '@testing-library/react';
import { environmentsResponse } from '../../__fixtures__/environments';
import { mockReleasesApi } from '../../__fixtures__/mockReleasesApi';
import { entityRef, releasesResponse } from '../../__fixtures__/releases';
import { ReleaseHistoryTable } from './ReleaseHistoryTable';

const template = releasesResponse.releases[0];

/** v1.0.0 .. v1.6.0, given out of order; the old ones have stored channels. */
const releases: Release[] = [3, 0, 6, 1, 5, 2, 4].map(minor => ({
  ...template,
  tag: `v1.${minor}.0`,
  version: `1.${minor}.0`,
  date: `2026-11-1${minor}T09:00:00.000Z`,
  channel: ({ 0: 'alpha', 1: 'stable' } as const)[minor] ?? null,
  changelog: { ...template.changelog, version: `1.${minor}.0` },
}));

function stabilityOf(request: {
  entityRef: string;
  environment: string;
  version?: string;
}): StabilityResponse {
  const scores: Record<string, [number | null, StabilityResponse['channel']]> =
    {
      'v1.6.0': [81, 'beta'],
      'v1.5.0': [96, 'stable'],
      'v1.4.0': [null, null],
    };
  const [score, channel] = scores[request.version ?? ''] ?? [40, 'alpha'];
  return {
    entityRef: request.entityRef,
    environment: request.environment,
    version: request.version ?? null,
    since: '2026-11-20T08:00:00Z',
    score,
    passed: channel === 'stable',
    channel,
    soaked: 1,
    intervals: { due: 4, measured: 4, failed: 0 },
    parts: { evaluations: score, results: null },
    reasons: [`measured ${request.version}`],
  };
}

function render(api: ReleasesApi, withEntity = true) {
  return renderInTestApp(
    <TestApiProvider apis={[[releasesApiRef, api]]}>
      <ReleaseHistoryTable
        releases={releases}
        entityRef={withEntity ? entityRef : undefined}
      />
    </TestApiProvider>,
  );
}

/** The Channel cell of a version's row (columns: toggle, version, date, prerelease, channel). */
const channelOf = (version: string) =>
  within(
    screen.getByRole('row', {
      name: new RegExp(`\\bv${version.replace(/\./g, '\\.')} `),
    }),
  ).getAllByRole('cell')[4];

jest.setTimeout(20_000);

describe('ReleaseHistoryTable (stability)', () => {
  it('reads the stability of the newest 5 releases only, in the first staging environment', async () => {
    const api = mockReleasesApi({
      getEnvironments: jest.fn().mockResolvedValue({
        ...environmentsResponse,
        // A staging environment by another name, after a qa.
        environments: environmentsResponse.environments.map(e =>
          e.type === 'staging' ? { ...e, environment: 'preprod' } : e,
        ),
      }),
      getStability: jest.fn(async request => stabilityOf(request)),
    });
    await render(api);

    expect(
      await within(channelOf('1.6.0')).findByLabelText(
        'Stability of v1.6.0 in preprod: 81 · beta',
      ),
    ).toBeInTheDocument();
    expect(channelOf('1.5.0')).toHaveTextContent(/^96 · stable$/);
    expect(channelOf('1.2.0')).toHaveTextContent(/^40 · alpha$/);
    // Nothing measured: the stored channel, never a made-up score.
    expect(channelOf('1.4.0')).toHaveTextContent(/^–$/);
    // Older than the newest 5: the stored channel, not read.
    expect(channelOf('1.1.0')).toHaveTextContent(/^stable$/);
    expect(channelOf('1.0.0')).toHaveTextContent(/^alpha$/);

    expect(api.getEnvironments).toHaveBeenCalledWith(entityRef);
    expect(api.getStability).toHaveBeenCalledTimes(5);
    expect(
      (api.getStability as jest.Mock).mock.calls.map(([r]) => r.version).sort(),
    ).toEqual(['v1.2.0', 'v1.3.0', 'v1.4.0', 'v1.5.0', 'v1.6.0']);
    expect(api.getStability).toHaveBeenCalledWith({
      entityRef,
      environment: 'preprod',
      version: 'v1.6.0',
    });
  });

  it("falls back to 'staging' when the environments cannot be read", async () => {
    const api = mockReleasesApi({
      getEnvironments: jest.fn().mockRejectedValue(new Error('down')),
      getStability: jest.fn(async request => stabilityOf(request)),
    });
    await render(api);

    expect(
      await within(channelOf('1.5.0')).findByLabelText(
        'Stability of v1.5.0 in staging: 96 · stable',
      ),
    ).toBeInTheDocument();
    expect(api.getStability).toHaveBeenCalledWith({
      entityRef,
      environment: 'staging',
      version: 'v1.5.0',
    });
  });

  it('shows the stored channel when the stability cannot be read', async () => {
    const api = mockReleasesApi({
      getStability: jest.fn().mockRejectedValue(new Error('no soak settings')),
    });
    await render(api);

    await waitFor(() => expect(api.getStability).toHaveBeenCalledTimes(5));
    expect(channelOf('1.6.0')).toHaveTextContent(/^–$/);
    expect(channelOf('1.1.0')).toHaveTextContent(/^stable$/);
  });

  it('reads no stability without an entity', async () => {
    const api = mockReleasesApi();
    await render(api, false);

    expect(channelOf('1.1.0')).toHaveTextContent(/^stable$/);
    expect(channelOf('1.6.0')).toHaveTextContent(/^–$/);
    expect(api.getEnvironments).not.toHaveBeenCalled();
    expect(api.getStability).not.toHaveBeenCalled();
  });
});
