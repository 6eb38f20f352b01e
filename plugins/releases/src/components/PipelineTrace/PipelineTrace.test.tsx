// The pipeline trace of one release: stages in order with status, duration
// and run link, the chart version, the empty trace and errors.
import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  PipelineStage,
  PipelineTrace as Trace,
} from '@releases-for-backstage/plugin-releases-common';
import {
  releasesApiRef,
  type ReleasesApi,
} from '@releases-for-backstage/plugin-releases-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockReleasesApi } from '../../__fixtures__/mockReleasesApi';
import { entityRef } from '../../__fixtures__/releases';
import { PipelineTrace, formatStageDuration } from './PipelineTrace';

function stage(overrides: Partial<PipelineStage> & { name: string }) {
  return {
    status: 'succeeded' as const,
    startedAt: null,
    finishedAt: null,
    url: null,
    detail: null,
    reportedBy: 'user:default/ci',
    reportedAt: '2026-12-03T10:10:00Z',
    ...overrides,
  };
}

const trace: Trace = {
  entityRef,
  version: 'v1.5.0-rc.1',
  stages: [
    stage({
      name: 'build',
      startedAt: '2026-12-03T10:00:00Z',
      finishedAt: '2026-12-03T10:02:05Z',
      url: 'https://ci.example.com/runs/41',
    }),
    stage({
      name: 'unit-tests',
      status: 'failed',
      startedAt: '2026-12-03T10:02:05Z',
      finishedAt: '2026-12-03T10:02:50Z',
      url: 'https://ci.example.com/runs/42',
      detail: 'coverage 61%',
    }),
    stage({
      name: 'vulnerability-scan',
      status: 'running',
      startedAt: '2026-12-03T10:03:00Z',
    }),
    stage({ name: 'image-push', status: 'skipped' }),
  ],
  chartVersion: 'cart-1-5-0-1a2b3c4',
  schema: { version: 3, compatibleUpTo: 4 },
};

/** A ResponseError as the client throws it for an error of the backend. */
function responseError(status: number, name: string, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      {
        status,
        statusText: name,
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

function render(api: ReleasesApi, version = 'v1.5.0-rc.1') {
  return renderInTestApp(
    <TestApiProvider apis={[[releasesApiRef, api]]}>
      <PipelineTrace entityRef={entityRef} version={version} />
    </TestApiProvider>,
  );
}

describe('PipelineTrace', () => {
  it('lists the stages in pipeline order with status, duration, detail and run', async () => {
    const api = mockReleasesApi({
      getPipelineTrace: jest.fn().mockResolvedValue(trace),
    });
    await render(api);

    const table = await screen.findByRole('table', {
      name: 'Pipeline of v1.5.0-rc.1',
    });
    expect(api.getPipelineTrace).toHaveBeenCalledWith(entityRef, 'v1.5.0-rc.1');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => r.textContent)).toEqual([
      'buildsucceeded2 min 5 s–Run, Opens in a new window',
      'unit-testsfailed45 scoverage 61%Run, Opens in a new window',
      'vulnerability-scanrunningrunning––',
      'image-pushskipped–––',
    ]);
    expect(
      within(rows[1]).getByRole('link', {
        name: 'Run of unit-tests for v1.5.0-rc.1, Opens in a new window',
      }),
    ).toHaveAttribute('href', 'https://ci.example.com/runs/42');
    expect(within(rows[3]).queryByRole('link')).not.toBeInTheDocument();
    expect(screen.getByText('Chart')).toHaveTextContent(
      'Chart cart-1-5-0-1a2b3c4',
    );
    expect(
      screen.getByText(
        'Database schema 3, runs on schemas up to 4 (reported by the pipeline)',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/release candidate/)).not.toBeInTheDocument();
  });

  it("names the candidate when a final shows its candidate's stages", async () => {
    const api = mockReleasesApi({
      getPipelineTrace: jest.fn().mockResolvedValue(trace),
    });
    await render(api, 'v1.5.0');

    expect(
      await screen.findByRole('table', { name: 'Pipeline of v1.5.0' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Stages of v1.5.0-rc.1, the release candidate v1.5.0 is built from.',
      ),
    ).toBeInTheDocument();
  });

  it('says nothing was reported and how a pipeline reports, without chart', async () => {
    await render(mockReleasesApi(), 'v1.4.0');

    expect(
      await screen.findByText('No pipeline stages reported for v1.4.0.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        `releases pipeline report --entity ${entityRef} --version v1.4.0 --stage unit-tests=succeeded`,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.queryByText(/^Chart/)).not.toBeInTheDocument();
    expect(screen.queryByText(/^Database schema/)).not.toBeInTheDocument();
  });

  it('shows the chart version of a release without stages', async () => {
    await render(
      mockReleasesApi({
        getPipelineTrace: jest.fn().mockResolvedValue({
          ...trace,
          stages: [],
          version: 'v1.4.0',
        }),
      }),
      'v1.4.0',
    );

    expect(
      await screen.findByText('No pipeline stages reported for v1.4.0.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Chart')).toHaveTextContent(
      'Chart cart-1-5-0-1a2b3c4',
    );
  });

  it("shows the backend's error and reads again on Retry", async () => {
    const user = userEvent.setup();
    const message =
      "'banana' is neither a version nor a tag of component:default/cart (tag prefix 'v')";
    const api = mockReleasesApi({
      getPipelineTrace: jest
        .fn()
        .mockRejectedValueOnce(await responseError(400, 'InputError', message))
        .mockResolvedValue(trace),
    });
    await render(api);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The pipeline could not be read');
    expect(alert).toHaveTextContent(message);

    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('table', { name: 'Pipeline of v1.5.0-rc.1' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(api.getPipelineTrace).toHaveBeenCalledTimes(2);
  });
});

describe('formatStageDuration', () => {
  const at = (finishedAt: string | null, status = 'succeeded' as const) => ({
    status,
    startedAt: '2026-12-03T10:00:00Z',
    finishedAt,
  });

  it.each([
    ['2026-12-03T10:00:00Z', '0 s'],
    ['2026-12-03T10:00:45.4Z', '45 s'],
    ['2026-12-03T10:02:00Z', '2 min'],
    ['2026-12-03T10:02:05Z', '2 min 5 s'],
    ['2026-12-03T11:03:20Z', '1 h 3 min'],
    ['2026-12-03T12:00:00Z', '2 h'],
  ])('finished at %s: %s', (finishedAt, expected) => {
    expect(formatStageDuration(at(finishedAt))).toBe(expected);
  });

  it('says running for an unfinished running stage, – without both times', () => {
    expect(
      formatStageDuration({ ...at(null), status: 'running' as const }),
    ).toBe('running');
    expect(
      formatStageDuration({ ...at(null), status: 'failed' as const }),
    ).toBe('–');
    expect(
      formatStageDuration({
        status: 'succeeded',
        startedAt: null,
        finishedAt: '2026-12-03T10:00:00Z',
      }),
    ).toBe('–');
  });
});
