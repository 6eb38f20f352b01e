import { createApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { Promotion } from '@releases-for-backstage/plugin-releases-common';
import {
  releasesApiRef,
  type ReleasesApi,
} from '@releases-for-backstage/plugin-releases-react';
import { screen } from '@testing-library/react';
import { promotionAt } from '../../__fixtures__/environments';
import { mockReleasesApi } from '../../__fixtures__/mockReleasesApi';
import { annotatedEntity } from '../../__fixtures__/releases';
import { productPromotion } from '../EntityProductReleasesContent/testData';
import { PromotionProgress } from './PromotionProgress';

/** Stands in for `permissionApiRef` (looked up by id), as in PromotionProgress.test. */
const permissionApiRef = createApiRef<{
  authorize(request: unknown): Promise<{ result: 'ALLOW' | 'DENY' }>;
}>({ id: 'plugin.permission.api' });

const productPromotionId = 'a1b2c3d4-0000-4000-8000-000000000001';

async function renderProgress(promotion: Promotion, releasesApi: ReleasesApi) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [
          permissionApiRef,
          { authorize: async () => ({ result: 'ALLOW' as const }) },
        ],
        [releasesApiRef, releasesApi],
      ]}
    >
      <EntityProvider entity={annotatedEntity}>
        <PromotionProgress
          promotion={promotion}
          onAbort={jest.fn()}
          aborting={false}
          onApprove={jest.fn()}
          onReject={jest.fn()}
        />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('PromotionProgress of a member of a product promotion', () => {
  it('says which product promotion it is part of', async () => {
    const api = mockReleasesApi({
      getProductPromotion: jest.fn().mockResolvedValue(productPromotion()),
    });
    await renderProgress(
      { ...promotionAt('executing'), productPromotionId },
      api,
    );

    expect(
      await screen.findByText(
        'Part of product promotion a1b2c3d4 of shop 2.2.0',
      ),
    ).toBeInTheDocument();
    expect(api.getProductPromotion).toHaveBeenCalledWith(productPromotionId);
  });

  it('still gives the short id when the product promotion cannot be read', async () => {
    const api = mockReleasesApi({
      getProductPromotion: jest.fn().mockRejectedValue(new Error('gone')),
    });
    await renderProgress(
      { ...promotionAt('executing'), productPromotionId },
      api,
    );

    expect(
      await screen.findByText('Part of product promotion a1b2c3d4'),
    ).toBeInTheDocument();
  });

  it('says nothing of a promotion of its own', async () => {
    const api = mockReleasesApi();
    await renderProgress(promotionAt('executing'), api);

    expect(await screen.findByText(/^State:/)).toBeInTheDocument();
    expect(screen.queryByText(/Part of product promotion/)).toBeNull();
    expect(api.getProductPromotion).not.toHaveBeenCalled();
  });
});
