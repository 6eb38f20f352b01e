import { useMemo } from 'react';
import { Table } from '@backstage/core-components';
import type { TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@material-ui/icons/KeyboardArrowRight';
import type { Release } from '@releases-for-backstage/plugin-releases-common';
import { bySemVerDescending } from '../../releases';
import { ChangelogView, countChanges } from '../ChangelogView';
import { RelativeTime } from '../RelativeTime';

/**
 * A row of the table. material-table stores its own state in `tableData` on
 * the row objects, so rows are copies of the releases, never the API data.
 */
type ReleaseRow = Release & {
  tableData?: { showDetailPanel?: unknown };
};

const PAGE_SIZE = 20;

/**
 * Toggle of a row's changelog. The click bubbles to the row, whose
 * `onRowClick` opens or closes the detail panel, so the whole row and this
 * button (for keyboard and screen reader users) do the same thing.
 */
const ExpandToggle = ({ row }: { row: ReleaseRow }) => {
  const expanded = Boolean(row.tableData?.showDetailPanel);
  return (
    <IconButton
      size="small"
      aria-expanded={expanded}
      aria-label={`${expanded ? 'Hide' : 'Show'} changes of ${row.version}`}
    >
      {expanded ? <KeyboardArrowDownIcon /> : <KeyboardArrowRightIcon />}
    </IconButton>
  );
};

const columns: TableColumn<ReleaseRow>[] = [
  {
    title: '',
    width: '48px',
    sorting: false,
    searchable: false,
    render: row => <ExpandToggle row={row} />,
  },
  {
    title: 'Version',
    field: 'version',
    highlight: true,
    // By SemVer precedence, as GitHub orders releases: 1.10.0 after 1.9.0,
    // a release after its candidates.
    customSort: (a, b) => bySemVerDescending(b, a),
    render: row => (
      <>
        <Typography variant="body2" component="span">
          <strong>{row.version}</strong>
        </Typography>
        <Typography
          variant="caption"
          component="span"
          color="textSecondary"
          style={{ display: 'block' }}
        >
          {row.tag}
        </Typography>
      </>
    ),
  },
  {
    title: 'Tag',
    field: 'tag',
    hidden: true,
    searchable: true,
  },
  {
    title: 'Date',
    field: 'date',
    customSort: (a, b) => Date.parse(a.date) - Date.parse(b.date),
    render: row => <RelativeTime value={row.date} />,
  },
  {
    title: 'Prerelease',
    field: 'prerelease',
    searchable: false,
    render: row => (row.prerelease ? 'Yes' : 'No'),
  },
  {
    title: 'Channel',
    field: 'channel',
    render: row => row.channel ?? '–',
  },
  {
    title: 'Changes',
    type: 'numeric',
    searchable: false,
    customSort: (a, b) => countChanges(a.changelog) - countChanges(b.changelog),
    render: row => countChanges(row.changelog),
  },
];

/** @public */
export interface ReleaseHistoryTableProps {
  /** Releases, in any order: the table shows them newest first by SemVer. */
  releases: Release[];
}

/**
 * All releases of an entity, newest first by SemVer precedence; a row
 * expands to the changelog of its release.
 */
export const ReleaseHistoryTable = ({ releases }: ReleaseHistoryTableProps) => {
  const rows = useMemo<ReleaseRow[]>(
    () => releases.map(release => ({ ...release })).sort(bySemVerDescending),
    [releases],
  );
  return (
    <Table<ReleaseRow>
      title="Release history"
      columns={columns}
      data={rows}
      options={{
        paging: rows.length > PAGE_SIZE,
        pageSize: PAGE_SIZE,
        padding: 'dense',
        showDetailPanelIcon: false,
        detailPanelType: 'multiple',
      }}
      onRowClick={(_event, _row, togglePanel) => togglePanel?.()}
      detailPanel={({ rowData }) => (
        <Box px={6} py={2}>
          <ChangelogView
            changelog={rowData.changelog}
            headingLevel={3}
            emptyMessage="No changes recorded for this release."
          />
        </Box>
      )}
      emptyContent={
        <Box p={2}>
          <Typography variant="body2" color="textSecondary">
            No releases yet.
          </Typography>
        </Box>
      }
    />
  );
};
