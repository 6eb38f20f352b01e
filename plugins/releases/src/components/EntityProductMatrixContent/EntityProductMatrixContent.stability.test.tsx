// The stability chip of what runs in the soak environments (staging,
// canary), one read per cell.
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  MatrixResponse,
  StabilityResponse,
} from '@releases-for-backstage/plugin-releases-common';
import {
  releasesApiRef,
  type ReleasesApi,
} from '@releases-for-backstage/plugin-releases-react';
import { screen, within } from '@testing-library/react';
import { matrixResponse, systemEntity } from '../../__fixtures__/environments';
import { mockReleasesApi } from '../../__fixtures__/mockReleasesApi';
import { entityRef } from '../../__fixtures__/releases';
import {
  EntityProductMatrixContent,
  isSoakEnvironment,
} from './EntityProductMatrixContent';

/** The fixture with a canary (of type prod) between staging and prod. */
const withCanary: MatrixResponse = {
  ...matrixResponse,
  environments: ['dev', 'qa', 'staging', 'canary', 'prod'],
  rows: matrixResponse.rows.map(row => ({
    ...row,
    cells: {
      ...row.cells,
      canary: {
        ...row.cells.prod,
        environment: 'canary',
        version: row.cells.staging.version,
      },
    },
  })),
};

function stability(request: {
  entityRef: string;
  environment: string;
  version?: string;
}): StabilityResponse {
  const cart = request.entityRef === entityRef;
  return {
    entityRef: request.entityRef,
    environment: request.environment,
    version: request.version ?? null,
    since: '2026-11-20T08:00:00Z',
    score: cart ? 92 : null,
    passed: cart,
    channel: cart ? 'stable' : null,
    soaked: 1,
    intervals: { due: 4, measured: cart ? 4 : 0, failed: 0 },
    parts: { evaluations: cart ? 92 : null, results: null },
    reasons: [],
  };
}

function renderMatrix(api: ReleasesApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[releasesApiRef, api]]}>
      <EntityProvider entity={systemEntity}>
        <EntityProductMatrixContent />
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

const cellOf = (component: string, column: number) =>
  within(screen.getByRole('row', { name: new RegExp(`^${component}`) }))
    .getAllByRole('cell')
    .at(column)!;

jest.setTimeout(20_000);

describe('EntityProductMatrixContent (stability)', () => {
  it('counts staging-type environments and canary as soak environments', () => {
    expect(isSoakEnvironment({ environment: 'staging', type: 'staging' })).toBe(
      true,
    );
    expect(isSoakEnvironment({ environment: 'preprod', type: 'staging' })).toBe(
      true,
    );
    expect(isSoakEnvironment({ environment: 'canary', type: 'prod' })).toBe(
      true,
    );
    expect(isSoakEnvironment({ environment: 'prod', type: 'prod' })).toBe(
      false,
    );
    expect(isSoakEnvironment({ environment: 'qa', type: 'qa' })).toBe(false);
  });

  it('shows the stability of what runs in staging and canary, one read per cell', async () => {
    const api = mockReleasesApi({
      getMatrix: jest.fn().mockResolvedValue(withCanary),
      getStability: jest.fn(async request => stability(request)),
    });
    await renderMatrix(api);

    // Cells: component, dev, qa, staging, canary, prod.
    const staging = cellOf('cart', 3);
    expect(
      await within(staging).findByLabelText(
        'Stability of v1.4.0-rc.2 in staging: 92 · stable',
      ),
    ).toBeInTheDocument();
    expect(
      within(cellOf('cart', 4)).getByLabelText(
        'Stability of v1.4.0-rc.2 in canary: 92 · stable',
      ),
    ).toBeInTheDocument();
    expect(
      await within(cellOf('Checkout', 3)).findByText('no data'),
    ).toBeInTheDocument();

    // Not in dev, qa or prod, nor where nothing runs (search).
    for (const column of [1, 2, 5]) {
      expect(within(cellOf('cart', column)).queryByText(/stable|no data/)).toBe(
        null,
      );
    }
    expect(within(cellOf('search', 3)).queryByText('no data')).toBe(null);

    expect(api.getStability).toHaveBeenCalledTimes(4);
    expect(api.getStability).toHaveBeenCalledWith({
      entityRef,
      environment: 'staging',
      version: 'v1.4.0-rc.2',
    });
    expect(api.getStability).toHaveBeenCalledWith({
      entityRef: 'component:default/checkout',
      environment: 'canary',
      version: 'v2.1.0-rc.3',
    });
    expect(api.getStability).not.toHaveBeenCalledWith(
      expect.objectContaining({ environment: 'prod' }),
    );
  });

  it('says when a cell cannot read its stability, and keeps the version', async () => {
    const api = mockReleasesApi({
      getStability: jest.fn().mockRejectedValue(new Error('no soak settings')),
    });
    await renderMatrix(api);

    const staging = cellOf('cart', 3);
    expect(
      await within(staging).findByText('stability not available'),
    ).toHaveAttribute('title', 'no soak settings');
    expect(within(staging).getByText('v1.4.0-rc.2')).toBeInTheDocument();
  });
});
