import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { environmentsResponse } from '../../__fixtures__/environments';
import type { PromotionPreview } from '../../promotions';
import { DEFAULT_VERSION_CHOICE, PromotionForm } from './PromotionForm';

const preview: PromotionPreview = {
  rule: 'Promoting into qa tags the head of the release branch.',
  defaultLabel: 'Next release candidate of 2.0.0',
  expected: 'v2.0.0-rc.1',
  warning: null,
  source: { kind: 'head' },
  jump: null,
};

async function renderForm(
  props: Partial<Parameters<typeof PromotionForm>[0]> = {},
) {
  const onPromote = jest.fn();
  await renderInTestApp(
    <PromotionForm
      environments={environmentsResponse.environments}
      selection={{
        target: 'qa',
        choice: DEFAULT_VERSION_CHOICE,
        otherVersion: '',
      }}
      onChange={jest.fn()}
      releases={[]}
      preview={preview}
      submitting={false}
      onPromote={onPromote}
      {...props}
    />,
  );
  return onPromote;
}

describe('PromotionForm while promotions may not start', () => {
  it('disables Promote, says why, and offers no Break glass without the override permission', async () => {
    await renderForm({ closedReason: 'outside window weekday-mornings.' });
    const promote = screen.getByRole('button', { name: 'Promote to qa' });
    expect(promote).toBeDisabled();
    expect(promote).toHaveAccessibleDescription(
      /^Promotions may not start now: outside window weekday-mornings\./,
    );
    expect(
      screen.queryByRole('button', { name: 'Break glass' }),
    ).not.toBeInTheDocument();
  });

  it('breaks glass over a jump: the reason first, then the jump, both sent', async () => {
    const user = userEvent.setup();
    const onPromote = await renderForm({
      closedReason: 'system:default/shop is frozen.',
      mayOverride: true,
      preview: { ...preview, jump: { version: '3.0.0', next: '2.0.0' } },
    });

    await user.click(screen.getByRole('button', { name: 'Break glass' }));
    const reasonDialog = await screen.findByRole('dialog', {
      name: 'Break glass: promote to qa now?',
    });
    await user.type(
      within(reasonDialog).getByRole('textbox', { name: /Reason/ }),
      'security fix',
    );
    await user.click(
      within(reasonDialog).getByRole('button', {
        name: 'Break glass and promote',
      }),
    );
    expect(onPromote).not.toHaveBeenCalled();

    const jumpDialog = await screen.findByRole('dialog', {
      name: 'Jump to 3.0.0?',
    });
    await user.click(
      within(jumpDialog).getByRole('button', { name: 'Jump to 3.0.0' }),
    );
    expect(onPromote).toHaveBeenCalledTimes(1);
    expect(onPromote).toHaveBeenCalledWith({
      allowJump: true,
      override: { reason: 'security fix' },
    });
  });

  it('promotes as before while open', async () => {
    const user = userEvent.setup();
    const onPromote = await renderForm();
    await user.click(screen.getByRole('button', { name: 'Promote to qa' }));
    expect(onPromote).toHaveBeenCalledWith({ allowJump: false });
  });
});
