import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { PromotionGates } from './PromotionGates';

describe('PromotionGates', () => {
  it('says for each gate what it requires, whether it is met, pending or failed, and whether it blocks', async () => {
    await renderInTestApp(
      <PromotionGates
        gates={[
          {
            id: 'risk',
            status: 'met',
            required: true,
            detail: 'medium risk: #12 saved carts',
          },
          {
            id: 'smoke',
            status: 'failed',
            required: true,
            detail: 'smoke of v1.6.0 failed in staging',
          },
          {
            id: 'votes',
            status: 'pending',
            required: true,
            detail: 'a go from ops',
          },
          {
            id: 'toggle-results',
            status: 'pending',
            required: false,
            detail: 'results with the toggle off',
          },
          { id: 'custom-check', status: 'met', required: false, detail: null },
        ]}
      />,
    );

    const [risk, smoke, votes, toggle, custom] = within(
      screen.getByRole('list', { name: 'Gates' }),
    ).getAllByRole('listitem');

    expect(risk).toHaveTextContent(
      'Requires: The risk of the changes decides which further gates apply.',
    );
    expect(risk).toHaveTextContent('Met: medium risk: #12 saved carts');
    expect(within(risk).getByRole('img', { name: 'met' })).toBeInTheDocument();

    expect(smoke).toHaveTextContent('required');
    expect(smoke).toHaveTextContent(
      'Requires: Smoke tests of the version passed.',
    );
    expect(smoke).toHaveTextContent(
      'Failed: smoke of v1.6.0 failed in staging',
    );
    expect(
      within(smoke).getByRole('img', { name: 'failed' }),
    ).toBeInTheDocument();

    expect(votes).toHaveTextContent('Pending. Waits for: a go from ops');
    expect(votes).toHaveTextContent(/a single no-go stops the promotion/);

    expect(toggle).toHaveTextContent('advisory: does not block the promotion');
    expect(toggle).toHaveTextContent(
      'Requires: Tests of feature-toggled changes passed with the toggle on and with it off.',
    );

    // A gate of a module: its id and status, no made-up requirement.
    expect(custom).toHaveTextContent('custom-check');
    expect(custom).toHaveTextContent(/Met$/);
    expect(custom).not.toHaveTextContent('Requires:');
  });

  it('renders nothing without gates', async () => {
    await renderInTestApp(<PromotionGates gates={[]} />);
    expect(
      screen.queryByRole('list', { name: 'Gates' }),
    ).not.toBeInTheDocument();
  });
});
