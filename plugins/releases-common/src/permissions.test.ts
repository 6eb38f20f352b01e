import { isUpdatePermission } from '@backstage/plugin-permission-common';
import { releasesPermissions, releasesRefreshPermission } from './permissions';

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
});
