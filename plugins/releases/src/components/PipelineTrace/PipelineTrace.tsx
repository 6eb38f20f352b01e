import {
  Link,
  StatusAborted,
  StatusError,
  StatusOK,
  StatusRunning,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type {
  PipelineStage,
  PipelineStageStatus,
} from '@releases-for-backstage/plugin-releases-common';
import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ErrorAlert } from '../ErrorAlert';

const STATUS: Record<
  PipelineStageStatus,
  { Icon: typeof StatusOK; label: string }
> = {
  running: { Icon: StatusRunning, label: 'running' },
  succeeded: { Icon: StatusOK, label: 'succeeded' },
  failed: { Icon: StatusError, label: 'failed' },
  skipped: { Icon: StatusAborted, label: 'skipped' },
};

/** Icon and label on one line, as DeploymentStatus shows them. */
const LABEL_STYLE = {
  display: 'inline-flex',
  alignItems: 'baseline',
  whiteSpace: 'nowrap',
} as const;

/**
 * How long a stage took, for people: `45 s`, `2 min 5 s`, `1 h 3 min`;
 * `running` while a running stage has not finished, `–` when the pipeline
 * did not report both times.
 */
export function formatStageDuration(
  stage: Pick<PipelineStage, 'status' | 'startedAt' | 'finishedAt'>,
): string {
  if (!stage.finishedAt) return stage.status === 'running' ? 'running' : '–';
  if (!stage.startedAt) return '–';
  const ms = Date.parse(stage.finishedAt) - Date.parse(stage.startedAt);
  if (Number.isNaN(ms) || ms < 0) return '–';
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0)
    return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes > 0) {
    return seconds > 0 ? `${minutes} min ${seconds} s` : `${minutes} min`;
  }
  return `${seconds} s`;
}

const StageStatus = ({ status }: { status: PipelineStageStatus }) => {
  // A status this client does not know yet still shows its word.
  const { Icon, label } = STATUS[status] ?? {
    Icon: StatusAborted,
    label: status,
  };
  return (
    <span style={LABEL_STYLE}>
      <Icon />
      {label}
    </span>
  );
};

/** @public */
export interface PipelineTraceProps {
  entityRef: string;
  /** The release tag, e.g. `v1.5.0-rc.1`. */
  version: string;
}

/**
 * The pipeline stages reported for a release, in pipeline order, with the
 * chart version the release is published as.
 */
export const PipelineTrace = ({ entityRef, version }: PipelineTraceProps) => {
  const releasesApi = useApi(releasesApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => releasesApi.getPipelineTrace(entityRef, version),
    [releasesApi, entityRef, version],
  );
  const heading = (
    <Typography variant="subtitle1" component="h3">
      Pipeline
    </Typography>
  );
  if (error) {
    return (
      <>
        {heading}
        <ErrorAlert
          severity="warning"
          title="The pipeline could not be read"
          error={error}
        />
        <Button size="small" onClick={retry}>
          Retry
        </Button>
      </>
    );
  }
  if (loading || !value) {
    return (
      <>
        {heading}
        <Typography variant="body2" color="textSecondary">
          Loading pipeline…
        </Typography>
      </>
    );
  }
  return (
    <>
      {heading}
      {value.chartVersion !== null && (
        <Typography variant="body2">
          Chart <code>{value.chartVersion}</code>
        </Typography>
      )}
      {value.schema && (
        <Typography variant="body2">
          Database schema {value.schema.version}
          {value.schema.compatibleUpTo > value.schema.version &&
            `, runs on schemas up to ${value.schema.compatibleUpTo}`}{' '}
          (reported by the pipeline)
        </Typography>
      )}
      {value.stages.length === 0 ? (
        <>
          <Typography variant="body2" color="textSecondary">
            No pipeline stages reported for {version}.
          </Typography>
          <Typography variant="body2" color="textSecondary">
            A pipeline reports them with{' '}
            <code>
              releases pipeline report --entity {entityRef} --version {version}{' '}
              --stage unit-tests=succeeded
            </code>
          </Typography>
        </>
      ) : (
        <>
          {/* A final without stages of its own shows its candidate's. */}
          {value.version !== version && (
            <Typography variant="body2" color="textSecondary">
              Stages of {value.version}, the release candidate {version} is
              built from.
            </Typography>
          )}
          <Table size="small" aria-label={`Pipeline of ${version}`}>
            <TableHead>
              <TableRow>
                <TableCell>Stage</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Duration</TableCell>
                <TableCell>Detail</TableCell>
                <TableCell>Run</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {value.stages.map(stage => (
                <TableRow key={stage.name}>
                  <TableCell component="th" scope="row">
                    {stage.name}
                  </TableCell>
                  <TableCell>
                    <StageStatus status={stage.status} />
                  </TableCell>
                  <TableCell>{formatStageDuration(stage)}</TableCell>
                  <TableCell>{stage.detail ?? '–'}</TableCell>
                  <TableCell>
                    {stage.url ? (
                      <Link
                        to={stage.url}
                        aria-label={`Run of ${stage.name} for ${value.version}`}
                      >
                        Run
                      </Link>
                    ) : (
                      '–'
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </>
  );
};
