/*
 * The Releases tab of a System: what each environment runs, the next
 * product release (version, why, what changes, bundled changelog) with the
 * button that cuts it, the product releases cut so far, each with its
 * manifest and a button that promotes it, and the latest product
 * promotions.
 */
import {
  Fragment,
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  MarkdownContent,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@material-ui/icons/KeyboardArrowRight';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  RELEASES_PRODUCT_REPO_ANNOTATION,
  parseSemVer,
} from '@releases-for-backstage/plugin-releases-common';
import {
  releasesApiRef,
  type CutProductReleaseResponse,
  type NextProductReleaseResponse,
  type ProductRelease,
  type ProductReleasesResponse,
} from '@releases-for-backstage/plugin-releases-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { errorMessage } from '../ErrorAlert';
import { ProductEnvironmentsCard } from './ProductEnvironmentsCard';
import { ProductPromotionsCard } from './ProductPromotionsCard';
import { isRunning } from './ProductPromotionState';
import { PromoteProductDialog } from './PromoteProductDialog';

/** How often the product promotions are read again while one runs. */
export const PRODUCT_PROMOTIONS_POLL_MS = 3000;

/** How many product promotions the card shows. */
const PRODUCT_PROMOTIONS_LIMIT = 10;

/** The backend's 400 for a System without product repository. */
function isMissingAnnotation(error: Error | undefined): boolean {
  if (!error) return false;
  const status = (error as { statusCode?: unknown }).statusCode;
  return (
    status === 400 &&
    errorMessage(error).includes(`no ${RELEASES_PRODUCT_REPO_ANNOTATION}`)
  );
}

/** What the backend takes as a version override: X.Y.Z, prerelease allowed, no build. */
function versionProblem(version: string): string | null {
  if (!version) return null;
  const parsed = parseSemVer(version);
  if (!parsed || parsed.build.length > 0) {
    return 'Not a version X.Y.Z (SemVer, without prefix and build metadata)';
  }
  return null;
}

/** Read by screen readers, not shown. */
const VISUALLY_HIDDEN = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

const CHANGE_LABELS: Record<string, string> = {
  added: 'added',
  removed: 'removed',
  downgraded: 'downgraded',
};

interface CutDialogProps {
  open: boolean;
  system: string;
  version: string;
  onCut: (cut: CutProductReleaseResponse) => void;
  onClose: () => void;
}

/** Confirms a cut; server errors stay in the dialog until it is closed. */
const CutDialog = ({
  open,
  system,
  version,
  onCut,
  onClose,
}: CutDialogProps) => {
  const api = useApi(releasesApiRef);
  const idPrefix = useId();
  const [override, setOverride] = useState('');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  // State updates land after a re-render; a second click may come first.
  const sending = useRef(false);
  useEffect(() => {
    if (open) {
      setOverride('');
      setError(undefined);
    }
  }, [open]);
  const trimmed = override.trim();
  const problem = versionProblem(trimmed);

  const submit = async () => {
    if (sending.current || problem) return;
    sending.current = true;
    setBusy(true);
    setError(undefined);
    try {
      const cut = await api.cutProductRelease(
        trimmed ? { system, version: trimmed } : { system },
      );
      onCut(cut);
    } catch (e) {
      setError(e as Error);
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={busy ? undefined : onClose}
      aria-labelledby={`${idPrefix}-title`}
      fullWidth
      maxWidth="sm"
    >
      <form
        onSubmit={e => {
          e.preventDefault();
          submit();
        }}
      >
        <DialogTitle id={`${idPrefix}-title`}>
          Cut product release {trimmed && !problem ? trimmed : version}
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            Commits the manifest of version{' '}
            {trimmed && !problem ? trimmed : version} to the product repository
            and tags it. Kept in the audit trail.
          </DialogContentText>
          <TextField
            id={`${idPrefix}-version`}
            label="Version (optional)"
            placeholder={version}
            value={override}
            onChange={e => setOverride(e.target.value)}
            error={!!problem}
            helperText={
              problem ??
              `Left empty, ${version} is cut. Must be above the previous release.`
            }
            fullWidth
            variant="outlined"
            margin="dense"
          />
          {error && (
            <Box mt={2}>
              <Alert severity="error">
                <AlertTitle>
                  {(error as { statusCode?: number }).statusCode === 403
                    ? 'Not allowed: cutting needs releases.product.release'
                    : 'The product release was not cut'}
                </AlertTitle>
                {errorMessage(error)}
              </Alert>
            </Box>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={busy || !!problem}
          >
            Cut release
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};

const NextReleaseCard = ({
  next,
  onCut,
}: {
  next: NextProductReleaseResponse;
  onCut: (cut: CutProductReleaseResponse) => void;
}) => {
  const [open, setOpen] = useState(false);
  const planned = next.next;
  if (!planned) {
    let why = next.reasons.join('; ');
    if (!why) {
      why = next.previous
        ? `no component changed since ${next.previous.tag}`
        : 'the system has no released components';
    }
    return (
      <InfoCard
        title="Next product release"
        titleTypographyProps={{ component: 'h2' }}
      >
        <Typography variant="body2">Nothing to release: {why}</Typography>
      </InfoCard>
    );
  }
  const changes = planned.changes.filter(c => c.change !== 'unchanged');
  return (
    <InfoCard
      title="Next product release"
      subheader={
        next.previous ? `Since ${next.previous.tag}` : 'First product release'
      }
      titleTypographyProps={{ component: 'h2' }}
    >
      <Box display="flex" alignItems="center" gridGap={8} mb={1}>
        <Typography variant="h4" component="p">
          {planned.version}
        </Typography>
        {planned.bump && <Chip size="small" label={planned.bump} />}
        <Box flexGrow={1} />
        <Button
          color="primary"
          variant="contained"
          onClick={() => setOpen(true)}
        >
          Cut product release
        </Button>
      </Box>
      {planned.reasons.length > 0 && (
        <ul aria-label="Why this version">
          {planned.reasons.map(reason => (
            <li key={reason}>
              <Typography variant="body2">{reason}</Typography>
            </li>
          ))}
        </ul>
      )}
      <TableContainer>
        <Table size="small" aria-label="Component changes">
          <TableHead>
            <TableRow>
              <TableCell>Component</TableCell>
              <TableCell>From</TableCell>
              <TableCell>To</TableCell>
              <TableCell>Bump</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {changes.map(change => (
              <TableRow key={change.name}>
                <TableCell>
                  {change.name}
                  {CHANGE_LABELS[change.change] && (
                    <Box component="span" ml={1}>
                      <Chip
                        size="small"
                        variant="outlined"
                        label={CHANGE_LABELS[change.change]}
                      />
                    </Box>
                  )}
                </TableCell>
                <TableCell>{change.from ?? '—'}</TableCell>
                <TableCell>{change.to ?? '—'}</TableCell>
                <TableCell>{change.bump ?? '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {next.markdown && (
        <Box mt={2}>
          <Typography variant="h6" component="h3">
            Changelog
          </Typography>
          <MarkdownContent content={next.markdown} />
        </Box>
      )}
      <CutDialog
        open={open}
        system={next.system}
        version={planned.version}
        onCut={cut => {
          setOpen(false);
          onCut(cut);
        }}
        onClose={() => setOpen(false)}
      />
    </InfoCard>
  );
};

const ReleaseRow = ({
  release,
  onPromote,
}: {
  release: ProductRelease;
  onPromote: (release: ProductRelease) => void;
}) => {
  const [open, setOpen] = useState(false);
  const components = Object.entries(release.manifest.components).sort(
    ([a], [b]) => a.localeCompare(b),
  );
  return (
    <Fragment>
      <TableRow>
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            aria-label={`${open ? 'Hide' : 'Show'} manifest of ${release.tag}`}
            aria-expanded={open}
            onClick={() => setOpen(o => !o)}
          >
            {open ? <KeyboardArrowDownIcon /> : <KeyboardArrowRightIcon />}
          </IconButton>
        </TableCell>
        <TableCell>{release.version}</TableCell>
        <TableCell>{release.tag}</TableCell>
        <TableCell>
          <time dateTime={release.date}>
            {new Date(release.date).toLocaleString()}
          </time>
        </TableCell>
        <TableCell>
          <code>{release.sha.slice(0, 7)}</code>
        </TableCell>
        <TableCell align="right">
          <Button
            size="small"
            variant="outlined"
            color="primary"
            aria-label={`Promote ${release.manifest.product} ${release.version}`}
            onClick={() => onPromote(release)}
            // The card is half the page wide: keep the label on one line.
            style={{ whiteSpace: 'nowrap' }}
          >
            Promote
          </Button>
        </TableCell>
      </TableRow>
      {open && (
        <TableRow>
          <TableCell />
          <TableCell colSpan={5}>
            <Table size="small" aria-label={`Manifest of ${release.tag}`}>
              <TableHead>
                <TableRow>
                  <TableCell>Component</TableCell>
                  <TableCell>Version</TableCell>
                  <TableCell>Tag</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {components.map(([name, component]) => (
                  <TableRow key={name}>
                    <TableCell>{name}</TableCell>
                    <TableCell>{component.version}</TableCell>
                    <TableCell>{component.tag}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableCell>
        </TableRow>
      )}
    </Fragment>
  );
};

const ProductReleasesCard = ({
  releases,
  onPromote,
}: {
  releases: ProductReleasesResponse;
  onPromote: (release: ProductRelease) => void;
}) => {
  // Newest first, by SemVer precedence, as the backend sends them.
  const sorted = releases.releases;
  return (
    <InfoCard
      title="Product releases"
      titleTypographyProps={{ component: 'h2' }}
    >
      {releases.skipped.length > 0 && (
        <Box mb={2}>
          <Alert severity="warning">
            <AlertTitle>
              {releases.skipped.length === 1
                ? '1 tag is not a product release'
                : `${releases.skipped.length} tags are not product releases`}
            </AlertTitle>
            <ul aria-label="Skipped tags">
              {releases.skipped.map(s => (
                <li key={s.tag}>
                  {s.tag}: {s.reason}
                </li>
              ))}
            </ul>
          </Alert>
        </Box>
      )}
      {sorted.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No product release yet.
        </Typography>
      ) : (
        <TableContainer>
          <Table size="small" aria-label="Product releases">
            <TableHead>
              <TableRow>
                <TableCell padding="checkbox" />
                <TableCell>Version</TableCell>
                <TableCell>Tag</TableCell>
                <TableCell>Date</TableCell>
                <TableCell>Commit</TableCell>
                <TableCell>
                  <span style={VISUALLY_HIDDEN}>Actions</span>
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {sorted.map(release => (
                <ReleaseRow
                  key={release.tag}
                  release={release}
                  onPromote={onPromote}
                />
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </InfoCard>
  );
};

const ProductReleases = ({ system }: { system: string }) => {
  const api = useApi(releasesApiRef);
  const next = useAsyncRetry(
    () => api.getNextProductRelease(system),
    [api, system],
  );
  const releases = useAsyncRetry(
    () => api.listProductReleases(system),
    [api, system],
  );
  // Counts the product promotions started here: a new one reads both again
  // even while a poll is in flight, which a retry would skip.
  const [promoted, setPromoted] = useState(0);
  const environments = useAsyncRetry(
    () => api.getProductEnvironments(system),
    [api, system, promoted],
  );
  const promotions = useAsyncRetry(
    () =>
      api.listProductPromotions(system, { limit: PRODUCT_PROMOTIONS_LIMIT }),
    [api, system, promoted],
  );
  const [lastCut, setLastCut] = useState<CutProductReleaseResponse>();
  const [promoting, setPromoting] = useState<ProductRelease>();
  const { retry: retryNext } = next;
  const { retry: retryReleases } = releases;
  const { retry: retryEnvironments } = environments;
  const { retry: retryPromotions } = promotions;
  const onCut = useCallback(
    (cut: CutProductReleaseResponse) => {
      setLastCut(cut);
      retryNext();
      retryReleases();
    },
    [retryNext, retryReleases],
  );
  const onPromoted = useCallback(() => setPromoted(n => n + 1), []);

  // Read the product promotions again while one runs; each answer plans
  // the next read, and leaving the page cancels it.
  const running =
    promotions.value?.items.some(p => isRunning(p.state)) ?? false;
  const { loading: promotionsLoading, value: promotionsValue } = promotions;
  useEffect(() => {
    if (!running || promotionsLoading) return undefined;
    const timer = setTimeout(retryPromotions, PRODUCT_PROMOTIONS_POLL_MS);
    return () => clearTimeout(timer);
  }, [running, promotionsLoading, promotionsValue, retryPromotions]);
  // Once the last one ends, the environments run something new.
  const wasRunning = useRef(false);
  useEffect(() => {
    if (wasRunning.current && !running) retryEnvironments();
    wasRunning.current = running;
  }, [running, retryEnvironments]);

  if (isMissingAnnotation(next.error) || isMissingAnnotation(releases.error)) {
    return (
      <MissingAnnotationEmptyState
        annotation={RELEASES_PRODUCT_REPO_ANNOTATION}
      />
    );
  }

  const card = (
    state: { loading: boolean; error?: Error; value?: unknown },
    content: () => JSX.Element,
  ) => {
    // Keep showing the previous answer while reloading after a cut.
    if (state.value !== undefined && !state.error) return content();
    if (state.loading) return <Progress />;
    if (state.error) return <ResponseErrorPanel error={state.error} />;
    return content();
  };

  const product =
    releases.value?.releases[0]?.manifest.product ??
    parseEntityRef(system).name;

  return (
    <Grid container spacing={3}>
      {lastCut && (
        <Grid item xs={12}>
          <Alert severity="success" onClose={() => setLastCut(undefined)}>
            {`Cut ${lastCut.tag} (${lastCut.sha.slice(0, 7)} on ${
              lastCut.branch
            }). Promote it from the product releases below.`}
          </Alert>
        </Grid>
      )}
      <Grid item xs={12}>
        {card(environments, () => (
          <ProductEnvironmentsCard
            product={product}
            environments={environments.value!}
          />
        ))}
      </Grid>
      <Grid item xs={12} md={6}>
        {card(next, () => (
          <NextReleaseCard next={next.value!} onCut={onCut} />
        ))}
      </Grid>
      <Grid item xs={12} md={6}>
        {card(releases, () => (
          <ProductReleasesCard
            releases={releases.value!}
            onPromote={setPromoting}
          />
        ))}
      </Grid>
      <Grid item xs={12}>
        {card(promotions, () => (
          <ProductPromotionsCard promotions={promotions.value!} />
        ))}
      </Grid>
      {promoting && (
        <PromoteProductDialog
          key={promoting.tag}
          system={system}
          product={promoting.manifest.product}
          version={promoting.version}
          environments={environments.value?.environments}
          environmentsError={environments.error}
          latest={promotions.value?.items}
          onPromoted={onPromoted}
          onClose={() => setPromoting(undefined)}
        />
      )}
    </Grid>
  );
};

/**
 * Product releases of the current System entity: the next one with the
 * button that cuts it, and those cut so far.
 */
export const EntityProductReleasesContent = () => {
  const { entity } = useEntity();
  return <ProductReleases system={stringifyEntityRef(entity)} />;
};
