import { Link, StatusError, StatusOK } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { TestResult } from '@releases-for-backstage/plugin-releases-common';
import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';
import useAsync from 'react-use/esm/useAsync';
import { ErrorAlert } from '../ErrorAlert';
import { RelativeTime } from '../RelativeTime';

/** @public */
export interface TestResultsTableProps {
  results: readonly TestResult[];
  /** Accessible name of the table. */
  label: string;
}

/** Test results: kind, status (icon and word), toggle, environment, link and summary. */
export const TestResultsTable = ({ results, label }: TestResultsTableProps) => (
  <Table size="small" aria-label={label}>
    <TableHead>
      <TableRow>
        <TableCell>Kind</TableCell>
        <TableCell>Status</TableCell>
        <TableCell>Toggle</TableCell>
        <TableCell>Environment</TableCell>
        <TableCell>Summary</TableCell>
        <TableCell>Reported</TableCell>
        <TableCell>Run</TableCell>
      </TableRow>
    </TableHead>
    <TableBody>
      {results.map(result => {
        const Icon = result.status === 'passed' ? StatusOK : StatusError;
        return (
          <TableRow key={result.id}>
            <TableCell component="th" scope="row">
              {result.kind}
            </TableCell>
            <TableCell>
              <Icon />
              {result.status}
            </TableCell>
            <TableCell>
              {result.toggle ? `toggle ${result.toggle}` : '–'}
            </TableCell>
            {/* No environment: the tests ran in an isolated one. */}
            <TableCell>{result.environment ?? 'isolated'}</TableCell>
            <TableCell>{result.summary ?? '–'}</TableCell>
            <TableCell>
              <RelativeTime value={result.reportedAt} />
            </TableCell>
            <TableCell>
              {result.url ? (
                <Link
                  to={result.url}
                  aria-label={`Open the ${result.kind} run of ${result.version}`}
                >
                  Open run
                </Link>
              ) : (
                '–'
              )}
            </TableCell>
          </TableRow>
        );
      })}
    </TableBody>
  </Table>
);

/** @public */
export interface ReleaseTestResultsProps {
  entityRef: string;
  version: string;
}

/** The test results of one release, read from the backend, newest first. */
export const ReleaseTestResults = ({
  entityRef,
  version,
}: ReleaseTestResultsProps) => {
  const releasesApi = useApi(releasesApiRef);
  const { value, loading, error } = useAsync(
    () => releasesApi.listResults({ entityRef, version }),
    [releasesApi, entityRef, version],
  );
  const heading = (
    <Typography variant="subtitle1" component="h3">
      Test results
    </Typography>
  );
  if (error) {
    return (
      <>
        {heading}
        <ErrorAlert
          severity="warning"
          title="Test results could not be read"
          error={error}
        />
      </>
    );
  }
  if (loading || !value) {
    return (
      <>
        {heading}
        <Typography variant="body2" color="textSecondary">
          Loading test results…
        </Typography>
      </>
    );
  }
  return (
    <>
      {heading}
      {value.results.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No test results reported for {version}.
        </Typography>
      ) : (
        <TestResultsTable
          results={value.results}
          label={`Test results of ${version}`}
        />
      )}
    </>
  );
};
