import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  releasesPromotionCreatePermission,
  releasesDeploymentReportPermission,
  releasesRefreshPermission,
} from '@releases-for-backstage/plugin-releases-common';
import { ReleasesPermissionPolicy } from './permissionPolicy';

const user = (refs: string[]) => ({
  credentials: mockCredentials.user('user:default/ann'),
  info: { userEntityRef: 'user:default/ann', ownershipEntityRefs: refs },
  identity: {
    type: 'user' as const,
    userEntityRef: 'user:default/ann',
    ownershipEntityRefs: refs,
  },
  token: 'token',
  expiresInSeconds: 3600,
});

describe('ReleasesPermissionPolicy', () => {
  const policy = new ReleasesPermissionPolicy([
    'group:default/release-managers',
  ]);

  it('lets release managers promote anything', async () => {
    const d = await policy.handle(
      { permission: releasesPromotionCreatePermission },
      user(['user:default/ann', 'group:default/release-managers']) as any,
    );
    expect(d.result).toBe(AuthorizeResult.ALLOW);
  });

  it('lets other users promote only what they own', async () => {
    const d = await policy.handle(
      { permission: releasesPromotionCreatePermission },
      user(['user:default/ann', 'group:default/team-cart']) as any,
    );
    expect(d).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        params: { claims: ['user:default/ann', 'group:default/team-cart'] },
      },
    });
  });

  it('lets pipelines report deployments but not promote', async () => {
    expect(
      (await policy.handle({ permission: releasesDeploymentReportPermission }))
        .result,
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      (await policy.handle({ permission: releasesPromotionCreatePermission }))
        .result,
    ).toBe(AuthorizeResult.DENY);
  });

  it('allows everything that is not a release action', async () => {
    expect(
      (
        await policy.handle(
          { permission: releasesRefreshPermission },
          user([]) as any,
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
  });
});
