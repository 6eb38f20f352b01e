import { useMemo } from 'react';
import { Table } from '@backstage/core-components';
import type { TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@material-ui/icons/KeyboardArrowRight';
import {
  isTerminalState,
  type Promotion,
} from '@releases-for-backstage/plugin-releases-common';
import { ActorName } from '../ActorName';
import { PromotionGates } from '../PromotionGates';
import { PromotionStateLabel } from '../PromotionStateLabel';
import { RelativeTime } from '../RelativeTime';
import { VersionText } from '../VersionText';

/** material-table keeps its state on the rows, so rows are copies. */
type PromotionRow = Promotion & {
  tableData?: { showDetailPanel?: unknown };
};

const PAGE_SIZE = 10;

/**
 * Toggle of a row's details. The click bubbles to the row, whose
 * `onRowClick` opens or closes the detail panel.
 */
const ExpandToggle = ({ row }: { row: PromotionRow }) => {
  const expanded = Boolean(row.tableData?.showDetailPanel);
  const what = row.rollback ? 'rollback of' : 'promotion to';
  return (
    <IconButton
      size="small"
      aria-expanded={expanded}
      aria-label={`${expanded ? 'Hide' : 'Show'} details of the ${what} ${
        row.environment
      } (${row.id})`}
    >
      {expanded ? <KeyboardArrowDownIcon /> : <KeyboardArrowRightIcon />}
    </IconButton>
  );
};

/** A promotion's details: its gates, its verification and its steps. */
const PromotionDetails = ({ promotion }: { promotion: Promotion }) => {
  const running = !isTerminalState(promotion.state);
  // A backend from before gates and verification sends neither.
  const gates = promotion.gates ?? [];
  const verification = promotion.verification ?? [];
  return (
    <Box px={6} py={2}>
      {gates.length > 0 ? (
        <PromotionGates gates={gates} headingLevel={4} />
      ) : (
        <Typography variant="body2" color="textSecondary" paragraph>
          No gates applied.
        </Typography>
      )}
      {verification.length > 0 && (
        <PromotionGates
          gates={verification}
          headingLevel={4}
          title="Verification"
        />
      )}
      <Typography variant="subtitle2" component="h4">
        Steps
      </Typography>
      <Box component="ol" m={0} pl={2} aria-label={`Steps of ${promotion.id}`}>
        {promotion.events.map((event, i) => (
          <li key={`${i}-${event.at}-${event.state}`}>
            <Typography variant="body2" component="span">
              <PromotionStateLabel
                state={event.state}
                finished={!running || i < promotion.events.length - 1}
              />
              {event.reason && ` – ${event.reason}`} (
              <RelativeTime value={event.at} />,{' '}
              <ActorName actor={event.actor} />)
            </Typography>
          </li>
        ))}
      </Box>
    </Box>
  );
};

const columns: TableColumn<PromotionRow>[] = [
  {
    title: '',
    width: '48px',
    sorting: false,
    render: row => <ExpandToggle row={row} />,
  },
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

/** Past and running promotions of an entity; a row expands to its gates and steps. */
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
        showDetailPanelIcon: false,
        detailPanelType: 'multiple',
      }}
      onRowClick={(_event, _row, togglePanel) => togglePanel?.()}
      detailPanel={({ rowData }) => <PromotionDetails promotion={rowData} />}
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
