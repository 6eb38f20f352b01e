import type { Entity } from '@backstage/catalog-model';
import {
  catalogApiRef,
  defaultEntityPresentation,
  entityPresentationApiRef,
  EntityProvider,
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
import { screen } from '@testing-library/react';
import { entityPage } from './EntityPage';

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'cart', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
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

const entityPresentationApi: typeof entityPresentationApiRef.T = {
  forEntity: entityOrRef => {
    const snapshot = defaultEntityPresentation(entityOrRef);
    return { snapshot, promise: Promise.resolve(snapshot) };
  },
};

describe('entityPage', () => {
  const renderEntityPage = (entity: Entity) =>
    renderInTestApp(
      <TestApiProvider
        apis={[
          [catalogApiRef, catalogApi],
          [starredEntitiesApiRef, new MockStarredEntitiesApi()],
          [entityPresentationApiRef, entityPresentationApi],
          [permissionApiRef, new MockPermissionApi()],
          [
            scmIntegrationsApiRef,
            ScmIntegrationsApi.fromConfig(mockApis.config()),
          ],
        ]}
      >
        <EntityProvider entity={entity}>{entityPage}</EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog': catalogPlugin.routes.catalogIndex } },
    );

  it('gives components an Overview and a Releases tab', async () => {
    await renderEntityPage(component);

    expect(
      await screen.findByRole('tab', { name: 'Overview' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Releases' })).toBeInTheDocument();
    expect(screen.getByText('About')).toBeInTheDocument();
  });

  it('gives systems an Overview without a Releases tab', async () => {
    await renderEntityPage(system);

    expect(
      await screen.findByRole('tab', { name: 'Overview' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('tab', { name: 'Releases' }),
    ).not.toBeInTheDocument();
  });
});
