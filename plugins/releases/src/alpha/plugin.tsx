import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  ReleasesClient,
  releasesApiRef,
} from '@releases-for-backstage/plugin-releases-react';
import { isReleasesAvailable, isSystemEntity } from '../conditions';

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
 * Overview card of entities with the `releases-for-backstage.io/git-repo`
 * annotation: the version they run in each environment.
 *
 * @alpha
 */
export const releasesEnvironmentsEntityCard = EntityCardBlueprint.make({
  name: 'environments',
  params: {
    filter: isReleasesAvailable,
    loader: () =>
      import('../components/EntityEnvironmentsCard').then(m => (
        <m.EntityEnvironmentsCard />
      )),
  },
});

/**
 * The Promotion tab of entities with the `releases-for-backstage.io/git-repo`
 * annotation: promote, follow, abort, roll back, history.
 *
 * @alpha
 */
export const releasesPromotionEntityContent = EntityContentBlueprint.make({
  name: 'promotion',
  params: {
    path: 'promotion',
    title: 'Promotion',
    group: 'deployment',
    filter: isReleasesAvailable,
    loader: () =>
      import('../components/EntityPromotionContent').then(m => (
        <m.EntityPromotionContent />
      )),
  },
});

/**
 * The Environments tab of System entities: the versions of their
 * components per environment (product matrix).
 *
 * @alpha
 */
export const releasesEnvironmentsEntityContent = EntityContentBlueprint.make({
  name: 'environments',
  params: {
    path: 'environments',
    title: 'Environments',
    group: 'deployment',
    filter: isSystemEntity,
    loader: () =>
      import('../components/EntityProductMatrixContent').then(m => (
        <m.EntityProductMatrixContent />
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
  extensions: [
    releasesApi,
    releasesEntityContent,
    releasesEnvironmentsEntityCard,
    releasesPromotionEntityContent,
    releasesEnvironmentsEntityContent,
  ],
});
