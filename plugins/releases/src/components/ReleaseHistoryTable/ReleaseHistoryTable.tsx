import { useMemo } from 'react';
import { Table } from '@backstage/core-components';
import type { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@material-ui/icons/KeyboardArrowRight';
import type {
  BlessedRelease,
  Release,
  StabilityResponse,
} from '@releases-for-backstage/plugin-releases-common';
import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';
import useAsync from 'react-use/esm/useAsync';
import { bySemVerDescending } from '../../releases';
import { BlessedBadge, UnblessAction, blessingOf } from '../BlessedBadge';
import { ChangelogView, countChanges } from '../ChangelogView';
import { PipelineTrace } from '../PipelineTrace';
import { RelativeTime } from '../RelativeTime';
import { VersionRiskChip, changeRiskOf, type RiskLoader } from '../RiskChip';
import { StabilityChip } from '../StabilityChip';
import { ReleaseTestResults } from '../TestResults';

/**
 * A row of the table. material-table stores its own state in `tableData` on
 * the row objects, so rows are copies of the releases, never the API data.
 */
type ReleaseRow = Release & {
  tableData?: { showDetailPanel?: unknown };
};

const PAGE_SIZE = 20;

/** How many of the newest releases show their measured stability; the others their stored channel. */
export const STABILITY_ROWS = 5;

/** Reads the stability of a release (by tag) in the soak environment, once per tag. */
type StabilityLoader = (tag: string) => Promise<StabilityResponse>;

/**
 * Where the entity's releases soak: the first environment of type staging,
 * else `staging`. A {@link StabilityLoader} once that is known.
 */
function useStabilityLoader(
  entityRef: string | undefined,
): StabilityLoader | undefined {
  const releasesApi = useApi(releasesApiRef);
  const soak = useAsync(async () => {
    if (!entityRef) return undefined;
    try {
      const { environments } = await releasesApi.getEnvironments(entityRef);
      return (
        environments.find(e => e.type === 'staging')?.environment ?? 'staging'
      );
    } catch {
      // Without the environments, the default name still finds the usual setup.
      return 'staging';
    }
  }, [releasesApi, entityRef]);
  const environment = soak.value;
  return useMemo(() => {
    if (!entityRef || !environment) return undefined;
    // Rows mount again as pages change and panels open; ask once per tag.
    const cache = new Map<string, Promise<StabilityResponse>>();
    return (tag: string) => {
      let pending = cache.get(tag);
      if (!pending) {
        pending = releasesApi.getStability({
          entityRef,
          environment,
          version: tag,
        });
        cache.set(tag, pending);
      }
      return pending;
    };
  }, [releasesApi, entityRef, environment]);
}

/**
 * The channel of a newest release: its measured stability where it soaks
 * (`92 · stable`); its stored channel while that loads, or when nothing
 * was measured or the read failed.
 */
const StabilityCell = ({
  loader,
  release,
}: {
  loader: StabilityLoader;
  release: Release;
}) => {
  const { value } = useAsync(() => loader(release.tag), [loader, release.tag]);
  if (value && value.score !== null) {
    return <StabilityChip stability={value} />;
  }
  return <>{release.channel ?? '–'}</>;
};

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

/** What the table shows of the judgement of releases, when it has an entity. */
interface Judgement {
  entityRef: string;
  stabilityLoader?: StabilityLoader;
  /** Tags of the releases whose stability is read. */
  measured?: ReadonlySet<string>;
  riskLoader?: RiskLoader;
  blessed?: readonly BlessedRelease[];
  onBlessingChanged?: () => void;
}

function columnsOf(
  judgement: Judgement | undefined,
): TableColumn<ReleaseRow>[] {
  const riskLoader = judgement?.riskLoader;
  const stabilityLoader = judgement?.stabilityLoader;
  return [
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
          <BlessedBadge
            blessing={blessingOf(judgement?.blessed, row.version)}
          />
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
      render: row =>
        stabilityLoader && judgement?.measured?.has(row.tag) ? (
          <StabilityCell loader={stabilityLoader} release={row} />
        ) : (
          row.channel ?? '–'
        ),
    },
    {
      title: 'Changes',
      type: 'numeric',
      searchable: false,
      customSort: (a, b) =>
        countChanges(a.changelog) - countChanges(b.changelog),
      render: row => countChanges(row.changelog),
    },
    ...(riskLoader
      ? [
          {
            title: 'Risk',
            sorting: false,
            searchable: false,
            // A release's risk is the highest of its changes.
            render: (row: ReleaseRow) => (
              <VersionRiskChip
                loader={riskLoader}
                version={row.version}
                subject={row.version}
              />
            ),
          },
        ]
      : []),
  ];
}

/** A release's changelog with the risk of each change, its test results, pipeline and blessing. */
const ReleaseDetail = ({
  release,
  judgement,
}: {
  release: Release;
  judgement?: Judgement;
}) => {
  const riskLoader = judgement?.riskLoader;
  const risk = useAsync(
    async () => (riskLoader ? riskLoader(release.version) : undefined),
    [riskLoader, release.version],
  );
  const blessing = blessingOf(judgement?.blessed, release.version);
  return (
    <Box px={6} py={2} display="flex" flexDirection="column" gridGap={16}>
      <ChangelogView
        changelog={release.changelog}
        headingLevel={3}
        emptyMessage="No changes recorded for this release."
        riskOf={
          risk.value ? entry => changeRiskOf(risk.value, entry) : undefined
        }
      />
      {judgement && (
        <div>
          <ReleaseTestResults
            entityRef={judgement.entityRef}
            version={release.version}
          />
        </div>
      )}
      {judgement && (
        <div>
          <PipelineTrace
            entityRef={judgement.entityRef}
            version={release.tag}
          />
        </div>
      )}
      {judgement && blessing?.blessed && (
        <div>
          <UnblessAction
            entityRef={judgement.entityRef}
            blessing={blessing}
            onUnblessed={() => judgement.onBlessingChanged?.()}
          />
        </div>
      )}
    </Box>
  );
};

/** @public */
export interface ReleaseHistoryTableProps {
  /** Releases, in any order: the table shows them newest first by SemVer. */
  releases: Release[];
  /**
   * The entity the releases are of: with it, a release's details list its
   * test results (and the un-bless action of a blessed release), and the
   * newest releases show their stability where they soak.
   */
  entityRef?: string;
  /** Reads a release's risk: with it, each row has a risk chip. */
  riskLoader?: RiskLoader;
  /** Blessed and un-blessed releases, for the badges. */
  blessed?: readonly BlessedRelease[];
  /** A release was un-blessed here: read the blessings again. */
  onBlessingChanged?: () => void;
}

/**
 * All releases of an entity, newest first by SemVer precedence; a row
 * expands to the changelog of its release. With an entity, the newest
 * releases show their stability score and channel where they soak.
 */
export const ReleaseHistoryTable = ({
  releases,
  entityRef,
  riskLoader,
  blessed,
  onBlessingChanged,
}: ReleaseHistoryTableProps) => {
  const rows = useMemo<ReleaseRow[]>(
    () => releases.map(release => ({ ...release })).sort(bySemVerDescending),
    [releases],
  );
  const stabilityLoader = useStabilityLoader(entityRef);
  const measured = useMemo(
    () => new Set(rows.slice(0, STABILITY_ROWS).map(row => row.tag)),
    [rows],
  );
  const judgement = useMemo<Judgement | undefined>(
    () =>
      entityRef
        ? {
            entityRef,
            riskLoader,
            blessed,
            onBlessingChanged,
            stabilityLoader,
            measured,
          }
        : undefined,
    [
      entityRef,
      riskLoader,
      blessed,
      onBlessingChanged,
      stabilityLoader,
      measured,
    ],
  );
  const columns = useMemo(() => columnsOf(judgement), [judgement]);
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
        <ReleaseDetail release={rowData} judgement={judgement} />
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
