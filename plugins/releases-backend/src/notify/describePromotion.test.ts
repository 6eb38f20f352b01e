import { promotionChange } from '../service/__testUtils__/promotionChange';
import {
  promotionDescription,
  promotionTabPath,
  promotionTitle,
} from './describePromotion';

describe('describePromotion', () => {
  it('links to the entity page Promotion tab with the lower-cased kind and namespace', () => {
    expect(promotionTabPath('component:default/cart')).toBe(
      '/catalog/default/component/cart/promotion',
    );
    expect(promotionTabPath('Component:Shop/Cart')).toBe(
      '/catalog/shop/component/Cart/promotion',
    );
  });

  it('titles a promotion by component, version, environment and state', () => {
    expect(promotionTitle(promotionChange())).toBe(
      'cart: v1.4.0 to prod succeeded',
    );
    expect(
      promotionTitle(promotionChange({ state: 'waiting-for-gates' })),
    ).toBe('cart: v1.4.0 to prod waiting for gates');
    expect(promotionTitle(promotionChange({ state: 'rolled-back' }))).toBe(
      'cart: v1.4.0 to prod rolled back',
    );
    expect(
      promotionTitle(
        promotionChange({
          version: null,
          requestedVersion: null,
          state: 'failed',
        }),
      ),
    ).toBe('cart: next version to prod failed');
    expect(
      promotionTitle(promotionChange({ rollback: true, version: 'v1.3.0' })),
    ).toBe('cart: rollback to v1.3.0 in prod succeeded');
  });

  it('describes with the reason and the requester', () => {
    expect(promotionDescription(promotionChange())).toBe(
      'Requested by user:default/ann',
    );
    expect(
      promotionDescription(
        promotionChange({ state: 'failed', reason: 'push refused' }),
      ),
    ).toBe('push refused (requested by user:default/ann)');
  });
});
