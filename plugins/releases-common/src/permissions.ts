/*
 * Permissions of the Releases plugin. Promotion and deployment permissions
 * are resource permissions on the catalog entity, so a policy can allow
 * them for the entity's owners (catalog conditions) or for a group. Defined here, in the isomorphic
 * package, so the backend can enforce them and the frontend can ask for
 * them (to hide a button the user may not press).
 */
import { createPermission } from '@backstage/plugin-permission-common';

/** Re-reading an entity's release state from Git (the refresh action). */
export const releasesRefreshPermission = createPermission({
  name: 'releases.entity.refresh',
  attributes: { action: 'update' },
});

/** Requesting a promotion of a version into an environment. */
export const releasesPromotionCreatePermission = createPermission({
  name: 'releases.promotion.create',
  attributes: { action: 'create' },
  resourceType: 'catalog-entity',
});

/** Approving a promotion that waits for a manual gate. */
export const releasesPromotionApprovePermission = createPermission({
  name: 'releases.promotion.approve',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** Aborting a promotion that has not written Git yet. */
export const releasesPromotionAbortPermission = createPermission({
  name: 'releases.promotion.abort',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** Rolling an environment back to its last known-good version. */
export const releasesPromotionRollbackPermission = createPermission({
  name: 'releases.promotion.rollback',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** Reporting deployments from pipelines. */
export const releasesDeploymentReportPermission = createPermission({
  name: 'releases.deployment.report',
  attributes: { action: 'create' },
  resourceType: 'catalog-entity',
});

/** Every permission of the Releases plugin, for the permissions registry. */
export const releasesPermissions = [
  releasesRefreshPermission,
  releasesPromotionCreatePermission,
  releasesPromotionApprovePermission,
  releasesPromotionAbortPermission,
  releasesPromotionRollbackPermission,
  releasesDeploymentReportPermission,
];

/**
 * Permissions of actions a person takes: the backend refuses them from
 * service principals (tokens of pipelines or other plugins) unless
 * configuration names the service, since Backstage lets unrestricted
 * service tokens past the permission policy.
 */
export const PERSON_ONLY_PERMISSIONS: readonly string[] = [
  releasesRefreshPermission.name,
  releasesPromotionCreatePermission.name,
  releasesPromotionApprovePermission.name,
  releasesPromotionAbortPermission.name,
  releasesPromotionRollbackPermission.name,
];

/**
 * Groups that may act on every entity's releases when
 * `releases.permissions.releaseManagers` is not configured.
 */
export const DEFAULT_RELEASE_MANAGERS: readonly string[] = [
  'group:default/release-managers',
];
