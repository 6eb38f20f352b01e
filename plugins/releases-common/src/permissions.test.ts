import { isUpdatePermission } from '@backstage/plugin-permission-common';
import {
  PERSON_ONLY_PERMISSIONS,
  releasesPermissions,
  releasesProductReleasePermission,
  releasesRefreshPermission,
} from './permissions';

describe('permissions', () => {
  it('defines the refresh permission as a basic update permission', () => {
    expect(releasesRefreshPermission).toEqual({
      type: 'basic',
      name: 'releases.entity.refresh',
      attributes: { action: 'update' },
    });
    expect(isUpdatePermission(releasesRefreshPermission)).toBe(true);
  });

  it('lists every permission once', () => {
    expect(releasesPermissions).toContain(releasesRefreshPermission);
    expect(new Set(releasesPermissions.map(p => p.name)).size).toBe(
      releasesPermissions.length,
    );
  });

  it('registers cutting a product release as a basic, person-only permission', () => {
    expect(releasesProductReleasePermission).toEqual({
      type: 'basic',
      name: 'releases.product.release',
      attributes: { action: 'create' },
    });
    expect(releasesPermissions).toContain(releasesProductReleasePermission);
    expect(PERSON_ONLY_PERMISSIONS).toContain('releases.product.release');
  });
});
