import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  MIXED_EXPLANATION,
  ProductEnvironmentsCard,
} from './ProductEnvironmentsCard';
import { productEnvironments } from './testData';

function render() {
  return renderInTestApp(
    <ProductEnvironmentsCard
      product="shop"
      environments={productEnvironments}
    />,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

function row(environment: string) {
  return screen.getByRole('row', { name: new RegExp(`^${environment}\\b`) });
}

describe('ProductEnvironmentsCard', () => {
  it('shows, per environment in order, the product version, mixed or nothing', async () => {
    await render();

    const table = screen.getByRole('table', {
      name: 'What each environment runs',
    });
    const rows = within(table).getAllByRole('row');
    expect(rows.map(r => r.textContent)).toEqual([
      'EnvironmentProductcartcheckout',
      'devmixedWIPWIP',
      'qashop 2.1.0v1.4.0-rc.1v3.0.0-rc.1',
      'prodnothingnonenone',
    ]);
    expect(within(row('qa')).getByText('shop 2.1.0')).toBeInTheDocument();
    expect(within(row('prod')).getByText('nothing')).toBeInTheDocument();
  });

  it('explains a mixed environment', async () => {
    const user = userEvent.setup();
    await render();

    const mixed = within(row('dev')).getByLabelText(
      `mixed: ${MIXED_EXPLANATION}`,
    );
    await user.hover(mixed);

    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'components run versions that match no product release',
    );
  });

  it("links each component's version to its Promotion tab", async () => {
    await render();

    const qa = row('qa');
    expect(
      within(qa).getByRole('link', { name: 'v1.4.0-rc.1' }),
    ).toHaveAttribute('href', '/catalog/default/component/cart/promotion');
    expect(
      within(qa).getByRole('link', { name: 'v3.0.0-rc.1' }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout/promotion');
    // Nothing deployed yet: still the way to promote it.
    expect(
      within(row('prod')).getAllByRole('link', { name: 'none' })[0],
    ).toHaveAttribute('href', '/catalog/default/component/cart/promotion');
  });
});
