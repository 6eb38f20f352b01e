import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import {
  ReleasesClient,
  releasesApiRef,
} from '@releases-for-backstage/plugin-releases-react';
import { rootRouteRef } from './routes';

/**
 * The Releases frontend plugin (legacy frontend system). For the new
 * frontend system, use the default export of
 * `@releases-for-backstage/plugin-releases/alpha`.
 *
 * @public
 */
export const releasesPlugin = createPlugin({
  id: 'releases',
  apis: [
    createApiFactory({
      api: releasesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ReleasesClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    entityContent: rootRouteRef,
  },
});

/**
 * The Releases tab of an entity page, for `EntityLayout.Route`:
 *
 * ```tsx
 * <EntityLayout.Route path="/releases" title="Releases">
 *   <EntityReleasesContent />
 * </EntityLayout.Route>
 * ```
 *
 * @public
 */
export const EntityReleasesContent = releasesPlugin.provide(
  createRoutableExtension({
    name: 'EntityReleasesContent',
    component: () =>
      import('./components/EntityReleasesContent').then(
        m => m.EntityReleasesContent,
      ),
    mountPoint: rootRouteRef,
  }),
);
