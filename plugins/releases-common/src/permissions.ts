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

/** Every permission of the Releases plugin, for the permissions registry. */
export const releasesPermissions = [releasesRefreshPermission];
