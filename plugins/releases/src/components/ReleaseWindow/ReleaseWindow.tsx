import { useEffect, useRef, useState } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type {
  Freeze,
  WindowStatus,
} from '@releases-for-backstage/plugin-releases-common';
import { DateTime } from 'luxon';
import { actorName } from '../ActorName';

/** A moment in the user's time zone, with the zone: `Mon 23 Nov 2026, 08:00 (Europe/Berlin, GMT+1)`. */
export function formatLocalTime(iso: string): string {
  const at = DateTime.fromISO(iso).toLocal();
  if (!at.isValid) return iso;
  const offset = at.toFormat('ZZZZ');
  // UTC names itself twice ("UTC, UTC"): once is enough.
  const zone = at.zoneName === offset ? offset : `${at.zoneName}, ${offset}`;
  return `${at.toFormat('ccc d LLL yyyy, HH:mm')} (${zone})`;
}

/** Time left until a moment: `2d 03h 04m 05s`, `04m 05s`; `0s` once it passed. */
export function formatCountdown(ms: number): string {
  if (ms <= 0) return '0s';
  const total = Math.floor(ms / 1000);
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (days > 0)
    return `${days}d ${pad(hours)}h ${pad(minutes)}m ${pad(seconds)}s`;
  if (hours > 0) return `${hours}h ${pad(minutes)}m ${pad(seconds)}s`;
  if (minutes > 0) return `${minutes}m ${pad(seconds)}s`;
  return `${seconds}s`;
}

/** The current time, again every second. */
export function useNow(now: () => number = Date.now): number {
  const [value, setValue] = useState(now);
  const clock = useRef(now);
  clock.current = now;
  useEffect(() => {
    const timer = setInterval(() => setValue(clock.current()), 1000);
    return () => clearInterval(timer);
  }, []);
  return value;
}

/** @public */
export interface CountdownProps {
  /** ISO 8601 moment to count down to. */
  until: string;
  /** The clock; `Date.now` unless a test fixes it. */
  now?: () => number;
  /** Called once when the moment has come. */
  onElapsed?: () => void;
}

/** A live countdown to a moment, ticking each second. */
export const Countdown = ({ until, now, onElapsed }: CountdownProps) => {
  const current = useNow(now);
  const left = Date.parse(until) - current;
  const elapsed = left <= 0;
  const callback = useRef(onElapsed);
  callback.current = onElapsed;
  useEffect(() => {
    if (elapsed) callback.current?.();
  }, [elapsed]);
  return (
    <time dateTime={until} role="timer" aria-live="off">
      {formatCountdown(left)}
    </time>
  );
};

/** @public */
export interface ReleaseWindowBannerProps {
  status: WindowStatus;
  /** The freeze that holds the product, if known (who, why, since when). */
  freeze?: Freeze;
  now?: () => number;
  /** The state changes now (a window opens, say): read it again. */
  onChange?: () => void;
}

/**
 * Whether promotions may start now: a freeze banner (why, who, since when)
 * while the product is frozen; while the release window is closed, when
 * it opens in the user's time and zone with a live countdown, and when
 * voting opens if that is earlier. Nothing while promotions may start.
 */
export const ReleaseWindowBanner = ({
  status,
  freeze,
  now,
  onChange,
}: ReleaseWindowBannerProps) => {
  if (status.frozen) {
    return (
      <Alert
        severity="error"
        role="region"
        aria-labelledby="releases-freeze-title"
      >
        <AlertTitle id="releases-freeze-title">
          Promotions are frozen
        </AlertTitle>
        {freeze ? (
          <>
            <Typography variant="body1" component="p">
              {freeze.reason}
            </Typography>
            <Typography variant="body2" component="p">
              Frozen by <span title={freeze.by}>{actorName(freeze.by)}</span>{' '}
              since {formatLocalTime(freeze.at)}.
            </Typography>
          </>
        ) : (
          <Typography variant="body1" component="p">
            {status.reason}
          </Typography>
        )}
      </Alert>
    );
  }
  if (status.open) return null;
  const votesFirst =
    status.votesOpenAt &&
    (!status.opensAt ||
      Date.parse(status.votesOpenAt) < Date.parse(status.opensAt));
  return (
    <Alert
      severity="warning"
      role="region"
      aria-labelledby="releases-window-title"
    >
      <AlertTitle id="releases-window-title">Release window closed</AlertTitle>
      <Typography variant="body1" component="p">
        {status.reason}
      </Typography>
      {status.opensAt ? (
        <Typography variant="body2" component="p">
          Opens at {formatLocalTime(status.opensAt)}, in{' '}
          <Countdown until={status.opensAt} now={now} onElapsed={onChange} />.
        </Typography>
      ) : (
        <Typography variant="body2" component="p">
          No window opens within the horizon the backend looks at.
        </Typography>
      )}
      {votesFirst && status.votesOpenAt && (
        <Box mt={1}>
          {Date.parse(status.votesOpenAt) <= (now ?? Date.now)() ? (
            <Typography variant="body2" component="p">
              Voting is open already: votes can be cast before the window opens.
            </Typography>
          ) : (
            <Typography variant="body2" component="p">
              Voting opens earlier, at {formatLocalTime(status.votesOpenAt)}, in{' '}
              <Countdown until={status.votesOpenAt} now={now} />.
            </Typography>
          )}
        </Box>
      )}
    </Alert>
  );
};
