import { act, render, screen } from '@testing-library/react';
import { Settings } from 'luxon';
import {
  closedWindow,
  frozenWindow,
  openWindow,
} from '../../__fixtures__/judgement';
import {
  ReleaseWindowBanner,
  formatCountdown,
  formatLocalTime,
} from './ReleaseWindow';

describe('ReleaseWindowBanner', () => {
  const zone = Settings.defaultZone;
  beforeAll(() => {
    // The user's zone: the times show in it, whatever the machine's.
    Settings.defaultZone = 'Europe/Berlin';
  });
  afterAll(() => {
    Settings.defaultZone = zone;
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('says when a closed window opens, in local time with the zone, and counts down each second', () => {
    jest.useFakeTimers({ now: Date.parse('2026-11-23T04:59:58.000Z') });
    const onChange = jest.fn();
    render(<ReleaseWindowBanner status={closedWindow} onChange={onChange} />);

    const banner = screen.getByRole('region', {
      name: 'Release window closed',
    });
    expect(banner).toHaveTextContent('outside window weekday-mornings');
    expect(banner).toHaveTextContent(
      /Opens at Mon 23 Nov 2026, 08:00 \(Europe\/Berlin, GMT\+1\), in 2h 00m 02s\./,
    );
    expect(banner).toHaveTextContent(
      /Voting opens earlier, at Mon 23 Nov 2026, 06:00 \(Europe\/Berlin, GMT\+1\), in 2s\./,
    );

    act(() => {
      jest.advanceTimersByTime(1000);
    });
    expect(banner).toHaveTextContent('in 2h 00m 01s.');
    expect(banner).toHaveTextContent('in 1s.');

    act(() => {
      jest.advanceTimersByTime(2 * 60 * 60 * 1000);
    });
    expect(banner).toHaveTextContent(/Opens at [^.]*, in 1s\./);
    expect(onChange).not.toHaveBeenCalled();
    act(() => {
      jest.advanceTimersByTime(1000);
    });
    expect(banner).toHaveTextContent(/Opens at [^.]*, in 0s\./);
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('takes an injected clock', () => {
    const now = () => Date.parse('2026-11-20T06:59:00.000Z');
    render(<ReleaseWindowBanner status={closedWindow} now={now} />);
    expect(
      screen.getByRole('region', { name: 'Release window closed' }),
    ).toHaveTextContent('in 3d 00h 01m 00s.');
  });

  it('says voting is open already when the vote lead has begun', () => {
    const now = () => Date.parse('2026-11-23T06:00:00.000Z');
    render(<ReleaseWindowBanner status={closedWindow} now={now} />);
    const banner = screen.getByRole('region', {
      name: 'Release window closed',
    });
    expect(banner).toHaveTextContent(
      'Voting is open already: votes can be cast before the window opens.',
    );
    expect(banner).toHaveTextContent('in 1h 00m 00s.');
  });

  it('shows a freeze with its reason, who and since when', () => {
    render(
      <ReleaseWindowBanner
        status={frozenWindow}
        freeze={{
          system: 'system:default/shop',
          reason: 'Black Friday: no changes to checkout',
          by: 'user:default/ada',
          at: '2026-11-27T06:00:00.000Z',
        }}
      />,
    );
    const banner = screen.getByRole('region', {
      name: 'Promotions are frozen',
    });
    expect(banner).toHaveTextContent('Black Friday: no changes to checkout');
    expect(banner).toHaveTextContent(
      'Frozen by ada since Fri 27 Nov 2026, 07:00 (Europe/Berlin, GMT+1).',
    );
    expect(
      screen.queryByRole('region', { name: 'Release window closed' }),
    ).not.toBeInTheDocument();
  });

  it('falls back to the reason of the status when the freeze is not known', () => {
    render(<ReleaseWindowBanner status={frozenWindow} />);
    expect(
      screen.getByRole('region', { name: 'Promotions are frozen' }),
    ).toHaveTextContent('system:default/shop is frozen');
  });

  it('shows nothing while promotions may start', () => {
    const { container } = render(<ReleaseWindowBanner status={openWindow} />);
    expect(container).toBeEmptyDOMElement();
  });

  it('formats countdowns and local times', () => {
    expect(formatCountdown(0)).toBe('0s');
    expect(formatCountdown(-5000)).toBe('0s');
    expect(formatCountdown(65_000)).toBe('1m 05s');
    expect(formatCountdown(((24 + 3) * 3600 + 4 * 60 + 5) * 1000)).toBe(
      '1d 03h 04m 05s',
    );
    // Summer time in Berlin.
    expect(formatLocalTime('2026-07-01T06:00:00.000Z')).toBe(
      'Wed 1 Jul 2026, 08:00 (Europe/Berlin, GMT+2)',
    );
    expect(formatLocalTime('not a date')).toBe('not a date');
  });

  it('names UTC once', () => {
    Settings.defaultZone = 'UTC';
    try {
      expect(formatLocalTime('2026-12-02T02:41:00.000Z')).toBe(
        'Wed 2 Dec 2026, 02:41 (UTC)',
      );
    } finally {
      Settings.defaultZone = 'Europe/Berlin';
    }
  });
});
