import { getComponentData } from '@backstage/core-plugin-api';
import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';
import {
  EntityEnvironmentsCard,
  EntityProductMatrixContent,
  EntityPromotionContent,
  EntityReleasesContent,
  releasesPlugin,
} from './plugin';
import {
  productMatrixRouteRef,
  promotionRouteRef,
  rootRouteRef,
} from './routes';

describe('releasesPlugin', () => {
  it('has the plugin id and provides the releases API', () => {
    expect(releasesPlugin.getId()).toBe('releases');
    const apis = [...releasesPlugin.getApis()];
    expect(apis.map(factory => factory.api.id)).toEqual([releasesApiRef.id]);
  });

  it('mounts each tab at its own route', () => {
    expect(releasesPlugin.routes).toEqual({
      entityContent: rootRouteRef,
      promotionContent: promotionRouteRef,
      productMatrixContent: productMatrixRouteRef,
    });
    expect(getComponentData(<EntityReleasesContent />, 'core.mountPoint')).toBe(
      rootRouteRef,
    );
    expect(
      getComponentData(<EntityPromotionContent />, 'core.mountPoint'),
    ).toBe(promotionRouteRef);
    expect(
      getComponentData(<EntityProductMatrixContent />, 'core.mountPoint'),
    ).toBe(productMatrixRouteRef);
  });

  it('provides the Environments card as a component of the plugin', () => {
    expect(getComponentData(<EntityEnvironmentsCard />, 'core.plugin')).toBe(
      releasesPlugin,
    );
    expect(
      getComponentData(<EntityEnvironmentsCard />, 'core.mountPoint'),
    ).toBeUndefined();
  });
});
