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

/** Reporting a change's risk labels from pipelines. */
export const releasesChangeReportPermission = createPermission({
  name: 'releases.change.report',
  attributes: { action: 'create' },
  resourceType: 'catalog-entity',
});

/** Reporting test results (smoke, integration, ...) from pipelines. */
export const releasesResultReportPermission = createPermission({
  name: 'releases.result.report',
  attributes: { action: 'create' },
  resourceType: 'catalog-entity',
});

/**
 * Casting a go/no-go vote on a promotion. The policy decides who may vote
 * at all; the backend then checks membership of the role's groups.
 */
export const releasesPromotionVotePermission = createPermission({
  name: 'releases.promotion.vote',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** Starting a promotion outside its release window or during a freeze (break glass). */
export const releasesPromotionOverridePermission = createPermission({
  name: 'releases.promotion.override',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** Freezing and unfreezing every promotion of a product. */
export const releasesFreezePermission = createPermission({
  name: 'releases.product.freeze',
  attributes: { action: 'update' },
});

/** Cutting a product release: the product manifest committed and tagged. */
export const releasesProductReleasePermission = createPermission({
  name: 'releases.product.release',
  attributes: { action: 'create' },
});

/** Un-blessing a release (it stops being promoted further). */
export const releasesReleaseBlessPermission = createPermission({
  name: 'releases.release.bless',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** Cutting a hotfix: cherry-pick onto a release branch and tag a patch. */
export const releasesHotfixCreatePermission = createPermission({
  name: 'releases.hotfix.create',
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
  releasesChangeReportPermission,
  releasesResultReportPermission,
  releasesPromotionVotePermission,
  releasesPromotionOverridePermission,
  releasesFreezePermission,
  releasesReleaseBlessPermission,
  releasesHotfixCreatePermission,
  releasesProductReleasePermission,
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
  releasesPromotionVotePermission.name,
  releasesPromotionOverridePermission.name,
  releasesFreezePermission.name,
  releasesReleaseBlessPermission.name,
  releasesHotfixCreatePermission.name,
  releasesProductReleasePermission.name,
];

/**
 * Groups that may act on every entity's releases when
 * `releases.permissions.releaseManagers` is not configured.
 */
export const DEFAULT_RELEASE_MANAGERS: readonly string[] = [
  'group:default/release-managers',
];
