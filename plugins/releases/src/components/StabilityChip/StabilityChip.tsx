import { useApi } from '@backstage/core-plugin-api';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  ReleaseChannel,
  StabilityResponse,
} from '@releases-for-backstage/plugin-releases-common';
import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';
import useAsync from 'react-use/esm/useAsync';
import { errorMessage } from '../ErrorAlert';

const useStyles = makeStyles(theme => ({
  stable: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  beta: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
  },
  alpha: {},
  reasons: { margin: 0, paddingLeft: theme.spacing(2) },
}));

/** The words of a chip: `92 · stable`, `no data`. */
export function stabilityLabel(
  stability: Pick<StabilityResponse, 'score' | 'channel'>,
): string {
  if (stability.score === null) return 'no data';
  return stability.channel
    ? `${stability.score} · ${stability.channel}`
    : `${stability.score}`;
}

/** @public */
export type StabilityChipProps =
  | {
      /** A stability already read. */
      stability: StabilityResponse;
    }
  | {
      entityRef: string;
      environment: string;
      /** The release to judge; by default what runs in the environment. */
      version?: string;
    };

const StabilityView = ({ stability }: { stability: StabilityResponse }) => {
  const classes = useStyles();
  const label = stabilityLabel(stability);
  const channel: ReleaseChannel | null =
    stability.score === null ? null : stability.channel;
  const subject = `${stability.version ?? 'what runs'} in ${
    stability.environment
  }`;
  const reasons =
    stability.reasons.length > 0 ? (
      <ul className={classes.reasons}>
        {stability.reasons.map(reason => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
    ) : (
      'No reasons given.'
    );
  return (
    <Tooltip title={reasons}>
      <Chip
        size="small"
        variant={channel ? 'default' : 'outlined'}
        className={channel ? classes[channel] : undefined}
        label={label}
        aria-label={`Stability of ${subject}: ${label}`}
        // Focusable, so the reasons show from the keyboard too.
        tabIndex={0}
      />
    </Tooltip>
  );
};

const LoadedStability = ({
  entityRef,
  environment,
  version,
}: {
  entityRef: string;
  environment: string;
  version?: string;
}) => {
  const releasesApi = useApi(releasesApiRef);
  const { value, error } = useAsync(
    () =>
      releasesApi.getStability(
        version === undefined
          ? { entityRef, environment }
          : { entityRef, environment, version },
      ),
    [releasesApi, entityRef, environment, version],
  );
  if (error) {
    return (
      <Typography
        variant="caption"
        color="textSecondary"
        title={errorMessage(error)}
      >
        stability not available
      </Typography>
    );
  }
  if (!value) return null;
  return <StabilityView stability={value} />;
};

/**
 * The stability score and channel of a release where it soaks, as a chip:
 * `92 · stable`, or `no data` when nothing was measured; why, as a
 * tooltip. Colour follows the channel (stable green, beta blue, alpha
 * plain) and the words always say it, never colour alone.
 */
export const StabilityChip = (props: StabilityChipProps) =>
  'stability' in props ? (
    <StabilityView stability={props.stability} />
  ) : (
    <LoadedStability
      entityRef={props.entityRef}
      environment={props.environment}
      version={props.version}
    />
  );
