// A release's pipeline in its expanded row: read only once the row opens,
// for the release's tag.
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  releasesApiRef,
  type ReleasesApi,
} from '@releases-for-backstage/plugin-releases-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockReleasesApi } from '../../__fixtures__/mockReleasesApi';
import { entityRef, releasesResponse } from '../../__fixtures__/releases';
import { ReleaseHistoryTable } from './ReleaseHistoryTable';

function render(api: ReleasesApi, withEntity = true) {
  return renderInTestApp(
    <TestApiProvider apis={[[releasesApiRef, api]]}>
      <ReleaseHistoryTable
        releases={releasesResponse.releases}
        entityRef={withEntity ? entityRef : undefined}
      />
    </TestApiProvider>,
  );
}

jest.setTimeout(20_000);

describe('ReleaseHistoryTable (pipeline)', () => {
  it("reads a release's pipeline only when its row expands, by tag", async () => {
    const user = userEvent.setup();
    const api = mockReleasesApi({
      getPipelineTrace: jest.fn(async (ref: string, version: string) => ({
        entityRef: ref,
        version,
        stages:
          version === 'v1.4.0'
            ? [
                {
                  name: 'unit-tests',
                  status: 'succeeded' as const,
                  startedAt: '2026-11-18T08:00:00Z',
                  finishedAt: '2026-11-18T08:03:00Z',
                  url: null,
                  detail: 'coverage 84%',
                  reportedBy: 'user:default/ci',
                  reportedAt: '2026-11-18T08:03:01Z',
                },
              ]
            : [],
        chartVersion: version === 'v1.4.0' ? 'cart-1-4-0-1111111' : null,
        schema: null,
      })),
    });
    await render(api);

    const toggle = await screen.findByRole('button', {
      name: 'Show changes of 1.4.0',
    });
    expect(api.getPipelineTrace).not.toHaveBeenCalled();

    await user.click(toggle);
    const table = await screen.findByRole('table', {
      name: 'Pipeline of v1.4.0',
    });
    expect(api.getPipelineTrace).toHaveBeenCalledTimes(1);
    expect(api.getPipelineTrace).toHaveBeenCalledWith(entityRef, 'v1.4.0');
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent(
      /^unit-testssucceeded3 mincoverage 84%–$/,
    );
    expect(screen.getByText('cart-1-4-0-1111111')).toBeInTheDocument();

    await user.click(
      screen.getByRole('button', { name: 'Show changes of 1.4.0-rc.1' }),
    );
    expect(
      await screen.findByText('No pipeline stages reported for v1.4.0-rc.1.'),
    ).toBeInTheDocument();
    expect(api.getPipelineTrace).toHaveBeenLastCalledWith(
      entityRef,
      'v1.4.0-rc.1',
    );
    expect(api.getPipelineTrace).toHaveBeenCalledTimes(2);
  });

  it('shows no pipeline without the entity the releases are of', async () => {
    const user = userEvent.setup();
    const api = mockReleasesApi();
    await render(api, false);

    await user.click(
      await screen.findByRole('button', { name: 'Show changes of 1.4.0' }),
    );
    expect(await screen.findByText('pay with gift cards')).toBeInTheDocument();
    expect(screen.queryByText('Pipeline')).not.toBeInTheDocument();
    expect(api.getPipelineTrace).not.toHaveBeenCalled();
  });
});
