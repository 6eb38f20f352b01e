/*
 * Permissions of the Releases plugin. Defined here, in the isomorphic
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
});

/** Approving a promotion that waits for a manual gate. */
export const releasesPromotionApprovePermission = createPermission({
  name: 'releases.promotion.approve',
  attributes: { action: 'update' },
});

/** Aborting a promotion that has not written Git yet. */
export const releasesPromotionAbortPermission = createPermission({
  name: 'releases.promotion.abort',
  attributes: { action: 'update' },
});

/** Rolling an environment back to its last known-good version. */
export const releasesPromotionRollbackPermission = createPermission({
  name: 'releases.promotion.rollback',
  attributes: { action: 'update' },
});

/** Reporting deployments from pipelines. */
export const releasesDeploymentReportPermission = createPermission({
  name: 'releases.deployment.report',
  attributes: { action: 'create' },
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
