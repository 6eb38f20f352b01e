import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { Link } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { EnvironmentStatus } from '@releases-for-backstage/plugin-releases-common';
import { findDrift } from '../../environments';
import { ActorName } from '../ActorName';
import { DeploymentStatus } from '../DeploymentStatus';
import { DriftHint } from '../DriftHint';
import { RelativeTime } from '../RelativeTime';
import { VersionText } from '../VersionText';

const useStyles = makeStyles({
  // A card too narrow for the table scrolls it rather than squeezing it.
  scroll: { overflowX: 'auto' },
});

/**
 * Backstage's theme lets table cells break inside words (word-break:
 * break-word), which at half width split "deployed" into "deplo yed".
 * Lines break between words only; the table scrolls when that is not
 * enough. Inline, so it wins over the theme's cell style whatever the
 * order of the style sheets.
 */
const CELL_STYLE = {
  wordBreak: 'normal',
  overflowWrap: 'normal',
  hyphens: 'manual',
} as const;

/** @public */
export interface EnvironmentsTableProps {
  /** One status per environment, in promotion order. */
  environments: EnvironmentStatus[];
  /** Accessible name of the table. */
  label?: string;
  /** Renders a last column of actions (e.g. a rollback button) per environment. */
  actions?: (environment: EnvironmentStatus) => ReactNode;
  /** Renders more about an environment's version (e.g. a blessed badge). */
  versionExtra?: (environment: EnvironmentStatus) => ReactNode;
}

/**
 * What an entity runs in each environment: version, since when, who
 * deployed it, the status of the deployment and a link to its run, with a
 * hint where an environment runs an older version than the one before it.
 */
export const EnvironmentsTable = ({
  environments,
  label = 'Environments',
  actions,
  versionExtra,
}: EnvironmentsTableProps) => {
  const classes = useStyles();
  const drift = useMemo(() => findDrift(environments), [environments]);
  return (
    <div className={classes.scroll}>
      <Table size="small" aria-label={label}>
        <TableHead>
          <TableRow>
            <TableCell style={CELL_STYLE}>Environment</TableCell>
            <TableCell style={CELL_STYLE}>Version</TableCell>
            <TableCell style={CELL_STYLE}>Since</TableCell>
            <TableCell style={CELL_STYLE}>By</TableCell>
            <TableCell style={CELL_STYLE}>Status</TableCell>
            <TableCell style={CELL_STYLE}>Run</TableCell>
            {actions && (
              <TableCell style={CELL_STYLE}>
                <Typography variant="srOnly">Actions</Typography>
              </TableCell>
            )}
          </TableRow>
        </TableHead>
        <TableBody>
          {environments.map(env => {
            const envDrift = drift.get(env.environment);
            return (
              <TableRow key={env.environment}>
                <TableCell style={CELL_STYLE} component="th" scope="row">
                  <Typography variant="body2" component="span">
                    {env.environment}
                  </Typography>
                  {env.description && (
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      component="span"
                      style={{ display: 'block' }}
                    >
                      {env.description}
                    </Typography>
                  )}
                </TableCell>
                <TableCell style={CELL_STYLE}>
                  <VersionText version={env.version} />
                  {versionExtra?.(env)}
                  {envDrift && <DriftHint drift={envDrift} />}
                </TableCell>
                <TableCell style={CELL_STYLE}>
                  {env.since ? <RelativeTime value={env.since} /> : '–'}
                </TableCell>
                <TableCell style={CELL_STYLE}>
                  <ActorName actor={env.by} />
                </TableCell>
                <TableCell style={CELL_STYLE}>
                  <DeploymentStatus status={env.status} />
                </TableCell>
                <TableCell style={CELL_STYLE}>
                  {env.runUrl ? (
                    <Link
                      to={env.runUrl}
                      aria-label={`View run of ${env.environment}`}
                    >
                      View run
                    </Link>
                  ) : (
                    '–'
                  )}
                </TableCell>
                {actions && (
                  <TableCell style={CELL_STYLE} align="right">
                    {actions(env)}
                  </TableCell>
                )}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
};
