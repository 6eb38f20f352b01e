import { useMemo } from 'react';
import { Table } from '@backstage/core-components';
import type { TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type { Promotion } from '@releases-for-backstage/plugin-releases-common';
import { ActorName } from '../ActorName';
import { PromotionStateLabel } from '../PromotionStateLabel';
import { RelativeTime } from '../RelativeTime';
import { VersionText } from '../VersionText';

/** material-table keeps its state on the rows, so rows are copies. */
type PromotionRow = Promotion & { tableData?: unknown };

const PAGE_SIZE = 10;

const columns: TableColumn<PromotionRow>[] = [
  {
    title: 'When',
    field: 'createdAt',
    defaultSort: 'desc',
    customSort: (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt),
    render: row => <RelativeTime value={row.createdAt} />,
  },
  { title: 'Environment', field: 'environment' },
  {
    title: 'Version',
    field: 'version',
    render: row => (
      <>
        <VersionText version={row.version ?? row.requestedVersion} />
        {row.rollback && (
          <Chip
            size="small"
            variant="outlined"
            label="rollback"
            style={{ marginLeft: 8 }}
          />
        )}
      </>
    ),
  },
  {
    title: 'State',
    field: 'state',
    render: row => <PromotionStateLabel state={row.state} />,
  },
  {
    title: 'Requested by',
    field: 'createdBy',
    render: row => <ActorName actor={row.createdBy} />,
  },
  {
    title: 'Reason',
    field: 'reason',
    sorting: false,
    render: row => row.reason ?? '–',
  },
];

/** @public */
export interface PromotionHistoryTableProps {
  /** Promotions, newest first. */
  promotions: Promotion[];
  loading?: boolean;
}

/** Past and running promotions of an entity. */
export const PromotionHistoryTable = ({
  promotions,
  loading,
}: PromotionHistoryTableProps) => {
  const rows = useMemo<PromotionRow[]>(
    () => promotions.map(p => ({ ...p })),
    [promotions],
  );
  return (
    <Table<PromotionRow>
      title="Promotion history"
      columns={columns}
      data={rows}
      isLoading={loading}
      options={{
        paging: rows.length > PAGE_SIZE,
        pageSize: PAGE_SIZE,
        padding: 'dense',
        search: false,
      }}
      emptyContent={
        <Box p={2}>
          <Typography variant="body2" color="textSecondary">
            No promotions yet.
          </Typography>
        </Box>
      }
    />
  );
};
