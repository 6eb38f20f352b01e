import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  releasesPromotionCreatePermission,
  releasesDeploymentReportPermission,
  releasesRefreshPermission,
  releasesChangeReportPermission,
  releasesResultReportPermission,
  releasesPromotionVotePermission,
  releasesPromotionOverridePermission,
  releasesFreezePermission,
  releasesProductReleasePermission,
  releasesReleaseBlessPermission,
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

  it('lets pipelines report labels and results, and nothing of a person', async () => {
    for (const permission of [
      releasesChangeReportPermission,
      releasesResultReportPermission,
    ]) {
      expect((await policy.handle({ permission })).result).toBe(
        AuthorizeResult.ALLOW,
      );
    }
    for (const permission of [
      releasesPromotionVotePermission,
      releasesPromotionOverridePermission,
      releasesFreezePermission,
      releasesProductReleasePermission,
      releasesReleaseBlessPermission,
    ]) {
      expect({
        permission: permission.name,
        result: (await policy.handle({ permission })).result,
      }).toEqual({ permission: permission.name, result: AuthorizeResult.DENY });
    }
  });

  it('lets anyone signed in vote, and only release managers break glass, freeze, cut product releases or un-bless', async () => {
    const owner = user(['user:default/ann', 'group:default/team-cart']) as any;
    const manager = user([
      'user:default/ann',
      'group:default/release-managers',
    ]) as any;
    expect(
      (
        await policy.handle(
          { permission: releasesPromotionVotePermission },
          owner,
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
    for (const permission of [
      releasesPromotionOverridePermission,
      releasesFreezePermission,
      releasesProductReleasePermission,
      releasesReleaseBlessPermission,
    ]) {
      expect((await policy.handle({ permission }, owner)).result).toBe(
        AuthorizeResult.DENY,
      );
      expect((await policy.handle({ permission }, manager)).result).toBe(
        AuthorizeResult.ALLOW,
      );
    }
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
