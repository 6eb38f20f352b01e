import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import {
  ReleasesClient,
  releasesApiRef,
} from '@releases-for-backstage/plugin-releases-react';
import {
  productMatrixRouteRef,
  promotionRouteRef,
  rootRouteRef,
} from './routes';

/**
 * Mount point of the Releases tab (product releases) on System pages; not
 * listed in the plugin's routes, as nothing links to it from outside.
 */
const productReleasesRouteRef = createRouteRef({
  id: 'releases:product-releases',
});

/** Mount point of the Release picker tab on System pages. */
const releasePickerRouteRef = createRouteRef({
  id: 'releases:release-picker',
});

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
    promotionContent: promotionRouteRef,
    productMatrixContent: productMatrixRouteRef,
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

/**
 * Overview card of an entity: the version it runs in each environment,
 * since when, by whom, the deployment status and run link, and a hint
 * where an environment is behind the one before it.
 *
 * ```tsx
 * <EntitySwitch>
 *   <EntitySwitch.Case if={isReleasesAvailable}>
 *     <Grid item md={6} xs={12}>
 *       <EntityEnvironmentsCard />
 *     </Grid>
 *   </EntitySwitch.Case>
 * </EntitySwitch>
 * ```
 *
 * @public
 */
export const EntityEnvironmentsCard = releasesPlugin.provide(
  createComponentExtension({
    name: 'EntityEnvironmentsCard',
    component: {
      lazy: () =>
        import('./components/EntityEnvironmentsCard').then(
          m => m.EntityEnvironmentsCard,
        ),
    },
  }),
);

/**
 * Overview card of a Component set up for releases, or of a System (a
 * product): its DORA metrics in prod (or another environment) over the
 * last 30, 90 or 180 days, each with its DORA level, and charts of
 * deployments, lead time and change failure rate per day or week.
 *
 * ```tsx
 * <EntitySwitch>
 *   <EntitySwitch.Case if={isReleasesAvailable}>
 *     <Grid item xs={12}>
 *       <EntityDoraCard />
 *     </Grid>
 *   </EntitySwitch.Case>
 * </EntitySwitch>
 * ```
 *
 * @public
 */
export const EntityDoraCard = releasesPlugin.provide(
  createComponentExtension({
    name: 'EntityDoraCard',
    component: {
      lazy: () => import('./components/DoraCard').then(m => m.EntityDoraCard),
    },
  }),
);

/**
 * Overview card of a component: its service level objectives in one
 * environment (staging first), each indicator over the stored evaluations,
 * the latest evaluation, error budgets and dashboard links.
 *
 * ```tsx
 * <EntitySwitch>
 *   <EntitySwitch.Case if={isReleasesAvailable}>
 *     <Grid item md={6} xs={12}>
 *       <EntitySloCard />
 *     </Grid>
 *   </EntitySwitch.Case>
 * </EntitySwitch>
 * ```
 *
 * @public
 */
export const EntitySloCard = releasesPlugin.provide(
  createComponentExtension({
    name: 'EntitySloCard',
    component: {
      lazy: () => import('./components/SloCard').then(m => m.EntitySloCard),
    },
  }),
);

/**
 * The Promotion tab of an entity page: promote a version into an
 * environment, follow its progress, abort it, roll environments back, and
 * see the promotion history.
 *
 * ```tsx
 * <EntityLayout.Route path="/promotion" title="Promotion">
 *   <EntityPromotionContent />
 * </EntityLayout.Route>
 * ```
 *
 * @public
 */
export const EntityPromotionContent = releasesPlugin.provide(
  createRoutableExtension({
    name: 'EntityPromotionContent',
    component: () =>
      import('./components/EntityPromotionContent').then(
        m => m.EntityPromotionContent,
      ),
    mountPoint: promotionRouteRef,
  }),
);

/**
 * The Environments tab of a System page: the version each component of the
 * system runs in each environment, with a filter and an "only drift"
 * switch.
 *
 * ```tsx
 * <EntityLayout.Route path="/environments" title="Environments">
 *   <EntityProductMatrixContent />
 * </EntityLayout.Route>
 * ```
 *
 * @public
 */
export const EntityProductMatrixContent = releasesPlugin.provide(
  createRoutableExtension({
    name: 'EntityProductMatrixContent',
    component: () =>
      import('./components/EntityProductMatrixContent').then(
        m => m.EntityProductMatrixContent,
      ),
    mountPoint: productMatrixRouteRef,
  }),
);

/**
 * The Releases tab of System entities: the next product release with the
 * button that cuts it, and the product releases cut so far. Needs the
 * `releases-for-backstage.io/product-repo` annotation on the System.
 *
 * ```tsx
 * <EntityLayout.Route path="/releases" title="Releases">
 *   <EntityProductReleasesContent />
 * </EntityLayout.Route>
 * ```
 *
 * @public
 */
export const EntityProductReleasesContent = releasesPlugin.provide(
  createRoutableExtension({
    name: 'EntityProductReleasesContent',
    component: () =>
      import('./components/EntityProductReleasesContent').then(
        m => m.EntityProductReleasesContent,
      ),
    mountPoint: productReleasesRouteRef,
  }),
);

/**
 * The Release picker tab of System entities: the product releases ranked
 * by their measured stability, what each adds over prod, and the action
 * that promotes a passing one to canary.
 *
 * ```tsx
 * <EntityLayout.Route path="/release-picker" title="Release picker">
 *   <EntityReleasePickerContent />
 * </EntityLayout.Route>
 * ```
 *
 * @public
 */
export const EntityReleasePickerContent = releasesPlugin.provide(
  createRoutableExtension({
    name: 'EntityReleasePickerContent',
    component: () =>
      import('./components/EntityReleasePickerContent').then(
        m => m.EntityReleasePickerContent,
      ),
    mountPoint: releasePickerRouteRef,
  }),
);
