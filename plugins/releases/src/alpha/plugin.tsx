import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  ReleasesClient,
  releasesApiRef,
} from '@releases-for-backstage/plugin-releases-react';
import { isReleasesAvailable } from '../conditions';

/**
 * The {@link @releases-for-backstage/plugin-releases-react#ReleasesApi},
 * served by the Releases backend.
 *
 * @alpha
 */
export const releasesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: releasesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ReleasesClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The Releases tab of entity pages, shown for entities with the
 * `releases-for-backstage.io/git-repo` annotation. Path, title and filter
 * can be changed in `app.extensions` config.
 *
 * @alpha
 */
export const releasesEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'releases',
    title: 'Releases',
    group: 'deployment',
    filter: isReleasesAvailable,
    loader: () =>
      import('../components/EntityReleasesContent').then(m => (
        <m.EntityReleasesContent />
      )),
  },
});

/**
 * The Releases plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'releases',
  title: 'Releases',
  extensions: [releasesApi, releasesEntityContent],
});
