import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { Link } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { EnvironmentStatus } from '@releases-for-backstage/plugin-releases-common';
import { findDrift } from '../../environments';
import { ActorName } from '../ActorName';
import { DeploymentStatus } from '../DeploymentStatus';
import { DriftHint } from '../DriftHint';
import { RelativeTime } from '../RelativeTime';
import { VersionText } from '../VersionText';

/** @public */
export interface EnvironmentsTableProps {
  /** One status per environment, in promotion order. */
  environments: EnvironmentStatus[];
  /** Accessible name of the table. */
  label?: string;
  /** Renders a last column of actions (e.g. a rollback button) per environment. */
  actions?: (environment: EnvironmentStatus) => ReactNode;
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
}: EnvironmentsTableProps) => {
  const drift = useMemo(() => findDrift(environments), [environments]);
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          <TableCell>Environment</TableCell>
          <TableCell>Version</TableCell>
          <TableCell>Since</TableCell>
          <TableCell>By</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Run</TableCell>
          {actions && (
            <TableCell>
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
              <TableCell component="th" scope="row">
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
              <TableCell>
                <VersionText version={env.version} />
                {envDrift && <DriftHint drift={envDrift} />}
              </TableCell>
              <TableCell>
                {env.since ? <RelativeTime value={env.since} /> : '–'}
              </TableCell>
              <TableCell>
                <ActorName actor={env.by} />
              </TableCell>
              <TableCell>
                <DeploymentStatus status={env.status} />
              </TableCell>
              <TableCell>
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
              {actions && <TableCell align="right">{actions(env)}</TableCell>}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
};
