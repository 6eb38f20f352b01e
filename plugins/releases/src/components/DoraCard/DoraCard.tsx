/*
 * "Delivery (DORA)": the five DORA metrics of a component or a product in
 * one environment over the last 30, 90 or 180 days, with their series as
 * charts. docs/dora.md defines every figure.
 */
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  RELEASES_GIT_REPO_ANNOTATION,
  type DoraBand,
  type DoraResponse,
} from '@releases-for-backstage/plugin-releases-common';
import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { isReleasesAvailable, isSystemEntity } from '../../conditions';
import { ErrorAlert } from '../ErrorAlert';
import { DoraCharts } from './DoraCharts';
import {
  chartData,
  DORA_RANGES,
  formatDuration,
  formatFrequency,
  formatPercent,
  rangeQuery,
  sentence,
  type DoraRangeDays,
} from './doraFormat';

const BandChip = ({ band }: { band: DoraBand }) => {
  const { palette } = useTheme();
  const colour = {
    elite: palette.success.main,
    high: palette.info.main,
    medium: palette.warning.main,
    low: palette.error.main,
  }[band];
  return (
    <Chip
      size="small"
      label={band}
      aria-label={`DORA level ${band}`}
      style={{
        backgroundColor: colour,
        color: palette.getContrastText(colour),
      }}
    />
  );
};

interface FigureProps {
  title: string;
  /** Null when the backend has no number: the reason is shown instead. */
  value: string | null;
  detail?: string;
  reason: string | null;
  band: DoraBand | null;
}

const Figure = ({ title, value, detail, reason, band }: FigureProps) => (
  <Grid item xs={12} sm={6} md>
    <div role="group" aria-label={title}>
      <Typography variant="body2" color="textSecondary">
        {title}
      </Typography>
      {value === null ? (
        <Typography variant="body2" color="textSecondary">
          {reason ? sentence(reason) : 'No data'}
        </Typography>
      ) : (
        <>
          <Box display="flex" alignItems="center" style={{ gap: 8 }}>
            <Typography variant="h5" component="p">
              {value}
            </Typography>
            {band && <BandChip band={band} />}
          </Box>
          {detail && (
            <Typography variant="caption" color="textSecondary">
              {detail}
            </Typography>
          )}
        </>
      )}
    </div>
  </Grid>
);

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n} ${n === 1 ? one : many}`;

const Figures = ({ metrics }: { metrics: DoraResponse }) => {
  const {
    deploymentFrequency: df,
    leadTime: lt,
    changeFailureRate: cfr,
    timeToRestore: ttr,
    reworkRate: rw,
  } = metrics;
  return (
    <Grid container spacing={2}>
      <Figure
        title="Deployment frequency"
        value={
          df.perDay === null || df.perWeek === null
            ? null
            : formatFrequency(df.perDay, df.perWeek)
        }
        detail={plural(df.deployments, 'deployment')}
        reason={df.reason}
        band={df.band}
      />
      <Figure
        title="Lead time for changes"
        value={
          lt.medianSeconds === null ? null : formatDuration(lt.medianSeconds)
        }
        detail={[
          'median',
          lt.p90Seconds === null
            ? null
            : `p90 ${formatDuration(lt.p90Seconds)}`,
          plural(lt.commits, 'commit'),
        ]
          .filter(Boolean)
          .join(' · ')}
        reason={lt.reason}
        band={lt.band}
      />
      <Figure
        title="Change failure rate"
        value={cfr.rate === null ? null : formatPercent(cfr.rate)}
        detail={`${cfr.failed} of ${plural(
          df.deployments,
          'deployment',
        )} failed`}
        reason={cfr.reason}
        band={cfr.band}
      />
      <Figure
        title="Time to restore"
        value={
          ttr.medianSeconds === null ? null : formatDuration(ttr.medianSeconds)
        }
        detail={`median · ${ttr.restored} restored${
          ttr.unrestored ? `, ${ttr.unrestored} not restored` : ''
        }`}
        reason={ttr.reason}
        band={ttr.band}
      />
      <Figure
        title="Deployment rework rate"
        value={rw.rate === null ? null : formatPercent(rw.rate)}
        detail={plural(rw.rework, 'rework deployment')}
        reason={rw.reason}
        band={rw.band}
      />
    </Grid>
  );
};

/** The environments to choose from; none when they cannot be read. */
function useEnvironmentNames(target: DoraTarget): string[] {
  const api = useApi(releasesApiRef);
  const { value } = useAsync(async () => {
    if (target.system) return (await api.getMatrix(target.system)).environments;
    const response = await api.getEnvironments(target.entityRef!);
    return response.environments.map(e => e.environment);
  }, [api, target.entityRef, target.system]);
  return value ?? [];
}

/** A component (`entityRef`) or a product (`system`). */
export type DoraTarget =
  | { entityRef: string; system?: undefined }
  | { system: string; entityRef?: undefined };

export type DoraCardProps = DoraTarget & {
  /** The end of the ranges; the current time by default. */
  now?: () => Date;
};

export const DoraCard = ({
  now = () => new Date(),
  ...target
}: DoraCardProps) => {
  const api = useApi(releasesApiRef);
  const [days, setDays] = useState<DoraRangeDays>(90);
  // Unset: the backend's default (prod, or the last environment of type prod).
  const [environment, setEnvironment] = useState<string | undefined>();
  const environments = useEnvironmentNames(target as DoraTarget);
  // The range is fixed when it is chosen, not on every render.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const range = useMemo(() => rangeQuery(days, now()), [days]);
  const { value, loading, error } = useAsync(
    () =>
      api.getDoraMetrics({
        ...(target.system
          ? { system: target.system }
          : { entityRef: target.entityRef }),
        ...range,
        ...(environment ? { environment } : {}),
      }),
    [api, target.entityRef, target.system, range, environment],
  );

  const shown = environment ?? value?.environment;
  const environmentOptions =
    shown && !environments.includes(shown)
      ? [...environments, shown]
      : environments;

  return (
    <InfoCard
      title="Delivery (DORA)"
      titleTypographyProps={{ component: 'h2' }}
    >
      <Box display="flex" style={{ gap: 16 }} mb={2}>
        <TextField
          select
          id="releases-dora-range"
          label="Range"
          value={days}
          onChange={e => setDays(Number(e.target.value) as DoraRangeDays)}
          SelectProps={{ native: true }}
          // A native select always shows a value, so the label must not sit on it.
          InputLabelProps={{ shrink: true }}
          margin="dense"
          variant="outlined"
        >
          {DORA_RANGES.map(d => (
            <option key={d} value={d}>
              Last {d} days
            </option>
          ))}
        </TextField>
        {environmentOptions.length > 0 && (
          <TextField
            select
            id="releases-dora-environment"
            label="Environment"
            value={shown ?? ''}
            onChange={e => setEnvironment(e.target.value)}
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
            margin="dense"
            variant="outlined"
          >
            {environmentOptions.map(name => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </TextField>
        )}
      </Box>
      {loading && <Progress />}
      {!loading && error && (
        <ErrorAlert title="Could not load the DORA metrics" error={error} />
      )}
      {!loading && value && (
        <>
          {value.productDeployments !== undefined && (
            <Typography variant="body2" color="textSecondary" paragraph>
              {plural(value.productDeployments, 'product deployment')} of{' '}
              {plural(value.components?.length ?? 0, 'component')} to{' '}
              {value.environment}
            </Typography>
          )}
          <Figures metrics={value} />
          <Box mt={3}>
            <DoraCharts data={chartData(value.series)} bucket={value.bucket} />
          </Box>
        </>
      )}
    </InfoCard>
  );
};

/**
 * The DORA card of the entity shown: a System's product figures, or a
 * Component's own (which must be set up for releases).
 */
export const EntityDoraCard = () => {
  const { entity } = useEntity();
  const ref = stringifyEntityRef(entity);
  if (isSystemEntity(entity)) return <DoraCard system={ref} />;
  if (isReleasesAvailable(entity)) return <DoraCard entityRef={ref} />;
  return (
    <InfoCard
      title="Delivery (DORA)"
      titleTypographyProps={{ component: 'h2' }}
    >
      <MissingAnnotationEmptyState annotation={RELEASES_GIT_REPO_ANNOTATION} />
    </InfoCard>
  );
};
