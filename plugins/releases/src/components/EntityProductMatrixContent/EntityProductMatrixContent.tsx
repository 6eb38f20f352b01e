import { useMemo, useState } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type {
  EnvironmentStatus,
  MatrixResponse,
} from '@releases-for-backstage/plugin-releases-common';
import { findDrift, type Drift } from '../../environments';
import { useProductMatrix } from '../../hooks/useProductMatrix';
import { DeploymentStatus } from '../DeploymentStatus';
import { DriftHint } from '../DriftHint';
import { ProductFreeze } from '../ProductFreeze';
import { StabilityChip } from '../StabilityChip';
import { VersionText } from '../VersionText';

type MatrixRow = MatrixResponse['rows'][number];

interface RowView {
  row: MatrixRow;
  cells: EnvironmentStatus[];
  drift: Map<string, Drift>;
}

/**
 * Where releases soak before prod, so where their stability is measured:
 * environments of type staging, and canary (of type prod, but a slice of
 * traffic that a release soaks in before the rest of prod).
 */
export function isSoakEnvironment(
  cell: Pick<EnvironmentStatus, 'environment' | 'type'>,
): boolean {
  return cell.type === 'staging' || cell.environment === 'canary';
}

/** A row's cells in the matrix's environment order, empty where missing. */
function cellsOf(row: MatrixRow, environments: string[]): EnvironmentStatus[] {
  return environments.map(
    environment =>
      row.cells[environment] ?? {
        environment,
        type: 'dev',
        description: null,
        version: null,
        sha: null,
        since: null,
        by: null,
        status: null,
        runUrl: null,
        promotionId: null,
      },
  );
}

const Matrix = ({ matrix }: { matrix: MatrixResponse }) => {
  const [filter, setFilter] = useState('');
  const [onlyDrift, setOnlyDrift] = useState(false);

  const views = useMemo<RowView[]>(
    () =>
      matrix.rows.map(row => {
        const cells = cellsOf(row, matrix.environments);
        return { row, cells, drift: findDrift(cells) };
      }),
    [matrix],
  );
  const needle = filter.trim().toLocaleLowerCase();
  const visible = views.filter(
    ({ row, drift }) =>
      (!needle ||
        row.title.toLocaleLowerCase().includes(needle) ||
        row.entityRef.toLocaleLowerCase().includes(needle)) &&
      (!onlyDrift || drift.size > 0),
  );
  const drifting = views.filter(v => v.drift.size > 0).length;

  return (
    <InfoCard
      title="Environments"
      subheader={`${matrix.rows.length} ${
        matrix.rows.length === 1 ? 'component' : 'components'
      }, ${drifting} with drift`}
      titleTypographyProps={{ component: 'h2' }}
    >
      <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={16}>
        <TextField
          id="releases-matrix-filter"
          label="Filter components"
          type="search"
          value={filter}
          onChange={e => setFilter(e.target.value)}
          variant="outlined"
          margin="dense"
        />
        <FormControlLabel
          control={
            <Switch
              checked={onlyDrift}
              onChange={e => setOnlyDrift(e.target.checked)}
              color="primary"
            />
          }
          label="Only drift"
        />
      </Box>
      {matrix.rows.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          This system has no components.
        </Typography>
      ) : (
        <TableContainer>
          <Table size="small" aria-label="Versions per environment">
            <TableHead>
              <TableRow>
                <TableCell>Component</TableCell>
                {matrix.environments.map(env => (
                  <TableCell key={env}>{env}</TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {visible.map(({ row, cells, drift }) => (
                <TableRow key={row.entityRef}>
                  <TableCell component="th" scope="row">
                    <EntityRefLink entityRef={row.entityRef}>
                      {row.title}
                    </EntityRefLink>
                  </TableCell>
                  {cells.map(cell => {
                    const cellDrift = drift.get(cell.environment);
                    return (
                      <TableCell key={cell.environment}>
                        <VersionText version={cell.version} />
                        {cell.status && (
                          <Typography
                            variant="caption"
                            component="span"
                            style={{ display: 'block' }}
                          >
                            <DeploymentStatus status={cell.status} />
                          </Typography>
                        )}
                        {cellDrift && <DriftHint drift={cellDrift} />}
                        {cell.version && isSoakEnvironment(cell) && (
                          <Box mt={0.5}>
                            <StabilityChip
                              entityRef={row.entityRef}
                              environment={cell.environment}
                              version={cell.version}
                            />
                          </Box>
                        )}
                      </TableCell>
                    );
                  })}
                </TableRow>
              ))}
              {visible.length === 0 && (
                <TableRow>
                  <TableCell colSpan={matrix.environments.length + 1}>
                    <Typography variant="body2" color="textSecondary">
                      No components match.
                    </Typography>
                  </TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </InfoCard>
  );
};

/**
 * The Environments tab of a System: one row per component of the system,
 * one column per environment, each cell the version deployed and its
 * status, with hints where an environment is behind the one before it. A
 * filter box narrows the components, "Only drift" keeps those with drift.
 * Cells of soak environments (staging, canary) also show the stability
 * score and channel of what runs there.
 * It reloads when a promotion of one of the components ends. Above it,
 * whether the system's promotions are frozen, with Freeze and Lift.
 */
export const EntityProductMatrixContent = () => {
  const { entity } = useEntity();
  const systemRef = stringifyEntityRef(entity);
  const { value, loading, error } = useProductMatrix(systemRef);
  let matrix = null;
  // A reload after a signal keeps the table, its filter and switch.
  if (loading && !value) {
    matrix = <Progress />;
  } else if (error) {
    matrix = <ResponseErrorPanel error={error} />;
  } else if (value) {
    matrix = <Matrix matrix={value} />;
  }
  return (
    <>
      <Box mb={2}>
        <ProductFreeze
          systemRef={systemRef}
          title={entity.metadata.title ?? entity.metadata.name}
        />
      </Box>
      {matrix}
    </>
  );
};
