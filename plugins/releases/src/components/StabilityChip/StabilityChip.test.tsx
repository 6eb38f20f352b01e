import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { StabilityResponse } from '@releases-for-backstage/plugin-releases-common';
import {
  releasesApiRef,
  type ReleasesApi,
} from '@releases-for-backstage/plugin-releases-react';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockReleasesApi } from '../../__fixtures__/mockReleasesApi';
import { entityRef } from '../../__fixtures__/releases';
import { StabilityChip, stabilityLabel } from './StabilityChip';

function stability(over: Partial<StabilityResponse> = {}): StabilityResponse {
  return {
    entityRef,
    environment: 'staging',
    version: 'v1.4.0',
    since: '2026-11-20T08:00:00Z',
    score: 92,
    passed: true,
    channel: 'stable',
    soaked: 1,
    intervals: { due: 48, measured: 48, failed: 0 },
    parts: { evaluations: 90, results: 100 },
    reasons: ['soaked 24h of 24h', 'score 92 is at least 90'],
    ...over,
  };
}

function render(api: ReleasesApi, ui: JSX.Element) {
  return renderInTestApp(
    <TestApiProvider apis={[[releasesApiRef, api]]}>{ui}</TestApiProvider>,
  );
}

const chipOf = (text: string) =>
  screen.getByText(text).closest('.MuiChip-root')!;

/** The background our own class sets on a chip ('' when none). */
function ownBackground(text: string): string {
  const own = [...chipOf(text).classList].find(c =>
    c.startsWith('makeStyles-'),
  );
  if (!own) return '';
  for (const sheet of [...document.styleSheets]) {
    for (const rule of [...sheet.cssRules]) {
      if (
        rule instanceof CSSStyleRule &&
        rule.selectorText === `.${own}` &&
        rule.style.backgroundColor
      ) {
        return rule.style.backgroundColor;
      }
    }
  }
  return '';
}

describe('stabilityLabel', () => {
  it('says score and channel, the score alone without a channel, no data without a score', () => {
    expect(stabilityLabel({ score: 92, channel: 'stable' })).toBe(
      '92 · stable',
    );
    expect(stabilityLabel({ score: 61.5, channel: null })).toBe('61.5');
    expect(stabilityLabel({ score: null, channel: 'beta' })).toBe('no data');
  });
});

describe('StabilityChip', () => {
  it('shows score and channel, with the reasons as a tooltip', async () => {
    const user = userEvent.setup();
    await render(mockReleasesApi(), <StabilityChip stability={stability()} />);

    const chip = screen.getByLabelText(
      'Stability of v1.4.0 in staging: 92 · stable',
    );
    expect(chip).toHaveTextContent('92 · stable');
    await user.hover(chip);
    const tooltip = await screen.findByRole('tooltip');
    expect(tooltip).toHaveTextContent('soaked 24h of 24h');
    expect(tooltip).toHaveTextContent('score 92 is at least 90');
  });

  it('colours by channel: stable success, beta info, alpha and no data plain', async () => {
    await render(
      mockReleasesApi(),
      <>
        <StabilityChip stability={stability({ version: 'a' })} />
        <StabilityChip
          stability={stability({ version: 'b', score: 80, channel: 'beta' })}
        />
        <StabilityChip
          stability={stability({ version: 'c', score: 40, channel: 'alpha' })}
        />
        <StabilityChip
          stability={stability({ version: 'd', score: null, channel: null })}
        />
      </>,
    );
    const stable = ownBackground('92 · stable');
    const beta = ownBackground('80 · beta');
    expect(chipOf('92 · stable').className).toMatch(/\bmakeStyles-stable-/);
    expect(chipOf('80 · beta').className).toMatch(/\bmakeStyles-beta-/);
    expect(stable).not.toBe('');
    expect(beta).not.toBe('');
    expect(stable).not.toBe(beta);
    expect(ownBackground('40 · alpha')).toBe('');
    expect(chipOf('no data')).toHaveClass('MuiChip-outlined');
  });

  it('says no data, never a score, when nothing was measured', async () => {
    await render(
      mockReleasesApi(),
      <StabilityChip
        stability={stability({ score: null, channel: null, passed: false })}
      />,
    );
    expect(
      screen.getByLabelText('Stability of v1.4.0 in staging: no data'),
    ).toHaveTextContent(/^no data$/);
  });

  it('reads the stability of a release where it soaks', async () => {
    const api = mockReleasesApi({
      getStability: jest
        .fn()
        .mockResolvedValue(
          stability({ version: 'v1.3.0', score: 77.5, channel: 'beta' }),
        ),
    });
    await render(
      api,
      <StabilityChip
        entityRef={entityRef}
        environment="staging"
        version="v1.3.0"
      />,
    );
    expect(await screen.findByText('77.5 · beta')).toBeInTheDocument();
    expect(api.getStability).toHaveBeenCalledTimes(1);
    expect(api.getStability).toHaveBeenCalledWith({
      entityRef,
      environment: 'staging',
      version: 'v1.3.0',
    });
  });

  it('says when the stability cannot be read, with the reason as a title', async () => {
    const api = mockReleasesApi({
      getStability: jest.fn().mockRejectedValue(new Error('backend down')),
    });
    await render(
      api,
      <StabilityChip entityRef={entityRef} environment="staging" />,
    );
    expect(await screen.findByText('stability not available')).toHaveAttribute(
      'title',
      'backend down',
    );
    expect(api.getStability).toHaveBeenCalledWith({
      entityRef,
      environment: 'staging',
    });
  });
});
