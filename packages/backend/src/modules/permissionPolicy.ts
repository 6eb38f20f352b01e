/*
 * The portal's permission policy: release actions on an entity are allowed
 * for its owners and for the release-manager groups named in
 * `releases.permissions.releaseManagers`; pipelines (service principals)
 * may report deployments, change labels and test results. Anyone signed in
 * may cast a vote (the plugin then checks the role's groups); breaking
 * glass, freezing a product, cutting a product release and un-blessing a release are for release
 * managers only. Everything else is allowed, as in the default allow-all
 * policy.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { DEFAULT_RELEASE_MANAGERS } from '@releases-for-backstage/plugin-releases-common';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';

/** Actions for release managers only, never for an entity's owners. */
const RELEASE_MANAGER_ACTIONS = [
  'releases.promotion.override',
  'releases.product.freeze',
  'releases.product.release',
  'releases.release.bless',
];

const RELEASE_ACTIONS = new Set([
  'releases.promotion.create',
  'releases.promotion.approve',
  'releases.promotion.abort',
  'releases.promotion.rollback',
  'releases.deployment.report',
  'releases.change.report',
  'releases.result.report',
  'releases.hotfix.create',
  'releases.promotion.vote',
  ...RELEASE_MANAGER_ACTIONS,
]);

/** What pipelines may do with their token. */
const SERVICE_ACTIONS = new Set([
  'releases.deployment.report',
  'releases.change.report',
  'releases.result.report',
]);

export class ReleasesPermissionPolicy implements PermissionPolicy {
  constructor(private readonly releaseManagers: string[]) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!RELEASE_ACTIONS.has(permission.name)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!user) {
      // Service principals: pipelines with a static or service token.
      return SERVICE_ACTIONS.has(permission.name)
        ? { result: AuthorizeResult.ALLOW }
        : { result: AuthorizeResult.DENY };
    }
    const refs = user.info.ownershipEntityRefs;
    if (refs.some(ref => this.releaseManagers.includes(ref))) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (permission.name === 'releases.promotion.vote') {
      return { result: AuthorizeResult.ALLOW };
    }
    if (RELEASE_MANAGER_ACTIONS.includes(permission.name)) {
      return { result: AuthorizeResult.DENY };
    }
    if (isResourcePermission(permission, 'catalog-entity')) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims: refs }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'releases-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        const managers = config.getOptionalStringArray(
          'releases.permissions.releaseManagers',
        ) ?? [...DEFAULT_RELEASE_MANAGERS];
        policy.setPolicy(new ReleasesPermissionPolicy(managers));
      },
    });
  },
});
