import type { Entity } from '@backstage/catalog-model';
import {
  catalogApiRef,
  defaultEntityPresentation,
  entityPresentationApiRef,
  EntityProvider,
  entityRouteRef,
  MockStarredEntitiesApi,
  starredEntitiesApiRef,
} from '@backstage/plugin-catalog-react';
import { createApiRef } from '@backstage/core-plugin-api';
import {
  ScmIntegrationsApi,
  scmIntegrationsApiRef,
} from '@backstage/integration-react';
import {
  mockApis,
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { catalogPlugin } from '@backstage/plugin-catalog';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { entityPage } from './EntityPage';

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'cart', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};

const releasedComponent: Entity = {
  ...component,
  metadata: {
    ...component.metadata,
    annotations: { 'releases-for-backstage.io/git-repo': '/repos/cart' },
  },
};

const system: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { owner: 'team-a' },
};

const catalogApi = {
  getEntityByRef: jest.fn(async () => component),
  getEntityAncestors: jest.fn(async () => ({
    rootEntityRef: 'component:default/cart',
    items: [{ entity: component, parentEntityRefs: [] }],
  })),
  getEntities: jest.fn(async () => ({ items: [] })),
  getEntitiesByRefs: jest.fn(async () => ({ items: [] })),
  queryEntities: jest.fn(async () => ({
    items: [],
    totalItems: 0,
    pageInfo: {},
  })),
} as unknown as typeof catalogApiRef.T;

// The catalog's context menu checks permissions. APIs are looked up by id,
// so this stands in for `permissionApiRef` of
// @backstage/plugin-permission-react, which the app does not depend on.
const permissionApiRef = createApiRef<MockPermissionApi>({
  id: 'plugin.permission.api',
});

// Stands in for `releasesApiRef` of
// @releases-for-backstage/plugin-releases-react (looked up by id), which the
// app gets through the plugin rather than depending on it.
const releasesApiRef = createApiRef<Record<string, jest.Mock>>({
  id: 'plugin.releases.service',
});

const noDeployment = {
  description: null,
  sha: null,
  since: null,
  by: null,
  runUrl: null,
  promotionId: null,
};

const releasesApi = {
  getEnvironments: jest.fn(async () => ({
    entityRef: 'component:default/cart',
    environments: [
      {
        ...noDeployment,
        environment: 'qa',
        type: 'qa',
        version: 'v1.4.0-rc.1',
        status: 'deployed',
      },
      {
        ...noDeployment,
        environment: 'prod',
        type: 'prod',
        version: null,
        status: null,
      },
    ],
  })),
  getMatrix: jest.fn(async () => ({
    system: 'system:default/shop',
    environments: ['qa', 'prod'],
    rows: [
      {
        entityRef: 'component:default/cart',
        title: 'cart',
        cells: {},
      },
    ],
  })),
  listFreezes: jest.fn(async () => ({ freezes: [] })),
  listProductReleases: jest.fn(async () => ({
    system: 'system:default/shop',
    releases: [
      {
        tag: 'v3.3.0',
        version: '3.3.0',
        sha: '3333333aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
        date: '2026-11-20T10:00:00Z',
        manifest: {
          product: 'shop',
          version: '3.3.0',
          components: { cart: { version: '1.4.0', tag: 'v1.4.0' } },
        },
      },
    ],
    skipped: [],
  })),
  getNextProductRelease: jest.fn(async () => ({
    system: 'system:default/shop',
    previous: { version: '3.3.0', tag: 'v3.3.0' },
    next: null,
    reasons: ['no component changed since v3.3.0'],
    changelog: null,
    markdown: null,
  })),
  getProductEnvironments: jest.fn(async () => ({
    system: 'system:default/shop',
    environments: [
      {
        environment: 'qa',
        product: { version: '3.3.0', tag: 'v3.3.0' },
        mixed: false,
        components: [
          {
            component: 'cart',
            entityRef: 'component:default/cart',
            version: 'v1.4.0-rc.1',
          },
        ],
      },
    ],
  })),
  listProductPromotions: jest.fn(async () => ({ items: [] })),
  // The DORA, SLO and stability cards wait: these tests are about the layout.
  getDoraMetrics: jest.fn(() => new Promise<never>(() => {})),
  getSloEvaluations: jest.fn(() => new Promise<never>(() => {})),
  getStability: jest.fn(() => new Promise<never>(() => {})),
};

const entityPresentationApi: typeof entityPresentationApiRef.T = {
  forEntity: entityOrRef => {
    const snapshot = defaultEntityPresentation(entityOrRef);
    return { snapshot, promise: Promise.resolve(snapshot) };
  },
};

// A whole entity page per test, on a machine shared with other test runs.
jest.setTimeout(20_000);

describe('entityPage', () => {
  const renderEntityPage = (entity: Entity) =>
    renderInTestApp(
      <TestApiProvider
        apis={[
          [catalogApiRef, catalogApi],
          [starredEntitiesApiRef, new MockStarredEntitiesApi()],
          [entityPresentationApiRef, entityPresentationApi],
          [permissionApiRef, new MockPermissionApi()],
          [releasesApiRef, releasesApi],
          [
            scmIntegrationsApiRef,
            ScmIntegrationsApi.fromConfig(mockApis.config()),
          ],
        ]}
      >
        <EntityProvider entity={entity}>{entityPage}</EntityProvider>
      </TestApiProvider>,
      {
        mountedRoutes: {
          '/catalog': catalogPlugin.routes.catalogIndex,
          '/catalog/:namespace/:kind/:name': entityRouteRef,
        },
      },
    );

  beforeEach(() => jest.clearAllMocks());

  it('gives components an Overview, a Releases and a Promotion tab', async () => {
    await renderEntityPage(component);

    expect(
      await screen.findByRole('tab', { name: 'Overview' }),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('tab').map(tab => tab.textContent)).toEqual([
      'Overview',
      'Releases',
      'Promotion',
    ]);
    expect(screen.getByText('About')).toBeInTheDocument();
    // Not set up for releases: no Environments card.
    expect(
      screen.queryByRole('heading', { name: 'Environments' }),
    ).not.toBeInTheDocument();
    expect(releasesApi.getEnvironments).not.toHaveBeenCalled();
  });

  it('shows the Environments card on the overview of a component set up for releases', async () => {
    await renderEntityPage(releasedComponent);

    expect(
      await screen.findByRole('heading', { name: 'Environments' }),
    ).toBeInTheDocument();
    const qa = await screen.findByRole('row', { name: /^qa/ });
    expect(within(qa).getByText('v1.4.0-rc.1')).toBeInTheDocument();
    expect(releasesApi.getEnvironments).toHaveBeenCalledWith(
      'component:default/cart',
    );
  });

  it('gives systems an Overview, an Environments tab with the matrix, a Releases and a Release picker tab', async () => {
    const user = userEvent.setup();
    await renderEntityPage(system);

    expect(
      await screen.findByRole('tab', { name: 'Overview' }),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('tab').map(tab => tab.textContent)).toEqual([
      'Overview',
      'Environments',
      'Releases',
      'Release picker',
    ]);

    await user.click(screen.getByRole('tab', { name: 'Environments' }));

    expect(
      await screen.findByRole('table', { name: 'Versions per environment' }),
    ).toBeInTheDocument();
    expect(releasesApi.getMatrix).toHaveBeenCalledWith('system:default/shop');
    expect(
      screen.getByRole('button', { name: 'Freeze promotions' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'cart' })).toHaveAttribute(
      'href',
      '/catalog/default/component/cart',
    );
  }, 20_000);

  it("shows a system's product releases on its Releases tab", async () => {
    const user = userEvent.setup();
    await renderEntityPage(system);

    await user.click(await screen.findByRole('tab', { name: 'Releases' }));

    expect(
      await screen.findByText(
        'Nothing to release: no component changed since v3.3.0',
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Product releases' }),
    ).toBeInTheDocument();
    expect(releasesApi.getNextProductRelease).toHaveBeenCalledWith(
      'system:default/shop',
    );
    expect(releasesApi.listProductReleases).toHaveBeenCalledWith(
      'system:default/shop',
    );
    expect(
      await screen.findByRole('table', { name: 'What each environment runs' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Promote shop 3.3.0' }),
    ).toBeInTheDocument();
  }, 20_000);
});
