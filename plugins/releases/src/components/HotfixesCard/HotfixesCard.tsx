import { useId, useRef, useState } from 'react';
import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import type {
  Hotfix,
  Release,
} from '@releases-for-backstage/plugin-releases-common';
import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ActorName } from '../ActorName';
import { ErrorAlert } from '../ErrorAlert';
import { RelativeTime } from '../RelativeTime';
import { VersionText } from '../VersionText';

/** A pull request (`#12`) or a commit sha of the main line, as the backend takes them. */
export const CHANGE_PATTERN = /^#?[1-9][0-9]*$|^[0-9a-f]{7,40}$/;

/** The Promotion tab of the same entity, next to the Releases tab. */
const PROMOTION_TAB = '../promotion';

const useStyles = makeStyles(theme => ({
  notOnMain: {
    borderColor: theme.palette.warning.main,
    color: theme.palette.warning.dark,
    marginLeft: theme.spacing(1),
  },
}));

const shortSha = (sha: string) => sha.slice(0, 7);

/**
 * The change as the backend reads it: a bare number such as `12` is a pull
 * request (a sha has at least 7 digits), so it gets its `#`.
 */
export function normalizeChange(input: string): string | undefined {
  const change = input.trim();
  if (!CHANGE_PATTERN.test(change)) return undefined;
  return /^[1-9][0-9]{0,5}$/.test(change) ? `#${change}` : change;
}

const byNewest = (a: Hotfix, b: Hotfix) => Date.parse(b.at) - Date.parse(a.at);

const PromotionLink = ({ hotfix }: { hotfix: Hotfix }) =>
  hotfix.promotionId ? (
    <Link to={PROMOTION_TAB} title={`Promotion ${hotfix.promotionId}`}>
      Proposed promotion of {hotfix.tag}
    </Link>
  ) : (
    <Typography variant="body2" color="textSecondary" component="span">
      None proposed: promote {hotfix.tag} by hand
    </Typography>
  );

interface CutHotfixDialogProps {
  entityRef: string;
  /** Final release tags, newest first. */
  targets: string[];
  onCut: (hotfix: Hotfix) => void;
  onClose: () => void;
}

/**
 * Asks for the release to fix and the fix, cuts the hotfix and shows the
 * new tag. Stays open with the backend's message when it refuses.
 */
const CutHotfixDialog = ({
  entityRef,
  targets,
  onCut,
  onClose,
}: CutHotfixDialogProps) => {
  const releasesApi = useApi(releasesApiRef);
  const idPrefix = useId();
  const [target, setTarget] = useState('');
  const [changeInput, setChangeInput] = useState('');
  const [state, send] = useAsyncFn(
    async (request: { change: string; target: string }) => {
      const hotfix = await releasesApi.createHotfix({ entityRef, ...request });
      onCut(hotfix);
      return hotfix;
    },
    [releasesApi, entityRef, onCut],
  );
  // A second click lands before the state says "loading": one hotfix only.
  // Refused here, since a second call would end the first's state.
  const sending = useRef(false);
  const cut = (request: { change: string; target: string }) => {
    if (sending.current) return;
    sending.current = true;
    send(request).finally(() => {
      sending.current = false;
    });
  };
  const change = normalizeChange(changeInput);
  const changeInvalid = changeInput.trim() !== '' && !change;
  const cutHotfix = state.value;
  const canSubmit =
    !!change && targets.includes(target) && !state.loading && !cutHotfix;

  return (
    <Dialog
      open
      onClose={() => {
        if (!state.loading) onClose();
      }}
      aria-labelledby={`${idPrefix}-title`}
      fullWidth
      maxWidth="sm"
    >
      <form
        onSubmit={e => {
          e.preventDefault();
          if (canSubmit && change) cut({ change, target });
        }}
      >
        <DialogTitle id={`${idPrefix}-title`}>Cut hotfix</DialogTitle>
        <DialogContent>
          {cutHotfix ? (
            <>
              <Alert severity="success">
                Cut {cutHotfix.tag} on {cutHotfix.branch}: {cutHotfix.target}{' '}
                with {shortSha(cutHotfix.fixSha)}.
              </Alert>
              <Box mt={2}>
                <PromotionLink hotfix={cutHotfix} />
              </Box>
            </>
          ) : (
            <>
              <DialogContentText>
                The fix is cherry-picked from main onto the release's branch and
                the next patch is tagged.
              </DialogContentText>
              {targets.length === 0 ? (
                <Typography variant="body2" color="textSecondary">
                  No final release to fix yet.
                </Typography>
              ) : (
                <TextField
                  id={`${idPrefix}-target`}
                  select
                  SelectProps={{ native: true }}
                  label="Release to fix"
                  value={target}
                  onChange={e => setTarget(e.target.value)}
                  disabled={state.loading}
                  required
                  fullWidth
                  margin="normal"
                  variant="outlined"
                  InputLabelProps={{ shrink: true }}
                >
                  <option value="" disabled>
                    Choose a release
                  </option>
                  {targets.map(tag => (
                    <option key={tag} value={tag}>
                      {tag}
                    </option>
                  ))}
                </TextField>
              )}
              <TextField
                id={`${idPrefix}-change`}
                label="Fix"
                placeholder="#12 or 1a2b3c4"
                value={changeInput}
                onChange={e => setChangeInput(e.target.value)}
                disabled={state.loading}
                error={changeInvalid}
                helperText={
                  changeInvalid
                    ? 'Not a pull request (#12) or a commit sha (7 to 40 hex digits).'
                    : 'The pull request (#12) or the commit sha of the fix on main.'
                }
                required
                fullWidth
                margin="normal"
                variant="outlined"
              />
              {state.loading && (
                <Typography
                  variant="body2"
                  color="textSecondary"
                  aria-live="polite"
                >
                  Cutting the hotfix…
                </Typography>
              )}
              {state.error && (
                <ErrorAlert title="Hotfix refused" error={state.error} />
              )}
            </>
          )}
        </DialogContent>
        <DialogActions>
          {cutHotfix ? (
            <Button onClick={onClose} color="primary">
              Close
            </Button>
          ) : (
            <>
              <Button onClick={onClose} disabled={state.loading}>
                Cancel
              </Button>
              <Button
                type="submit"
                color="primary"
                variant="contained"
                disabled={!canSubmit}
              >
                {state.loading ? 'Cutting…' : 'Cut hotfix'}
              </Button>
            </>
          )}
        </DialogActions>
      </form>
    </Dialog>
  );
};

/** @public */
export interface HotfixesCardProps {
  entityRef: string;
  /** The entity's releases, newest first: its final ones can be fixed. */
  releases: readonly Release[];
  /** Changes when the hotfixes may have changed (the releases were read again). */
  reloadKey?: unknown;
  /** Called once a hotfix is cut: it made a tag. */
  onCut?: (hotfix: Hotfix) => void;
}

/**
 * The hotfixes of an entity, newest first: the patch tag, the release it
 * fixes, the branch, the fix, who cut it and when, and the promotion it
 * proposed. Warns about every fix that main does not have, since the next
 * release from main would bring the bug back. "Cut hotfix" picks a fix of
 * main onto a final release's branch.
 */
export const HotfixesCard = ({
  entityRef,
  releases,
  reloadKey,
  onCut,
}: HotfixesCardProps) => {
  const classes = useStyles();
  const releasesApi = useApi(releasesApiRef);
  const hotfixes = useAsyncRetry(
    () => releasesApi.listHotfixes(entityRef),
    [releasesApi, entityRef, reloadKey],
  );
  const [cutting, setCutting] = useState(false);
  const { retry } = hotfixes;
  const targets = releases.filter(r => !r.prerelease).map(r => r.tag);

  const onHotfixCut = (hotfix: Hotfix) => {
    retry();
    onCut?.(hotfix);
  };

  let content;
  if (hotfixes.error && !hotfixes.value) {
    content = (
      <ErrorAlert title="Hotfixes could not be read" error={hotfixes.error} />
    );
  } else if (!hotfixes.value) {
    content = <Progress />;
  } else if (hotfixes.value.hotfixes.length === 0) {
    content = (
      <Typography variant="body2" color="textSecondary">
        No hotfixes. A hotfix cherry-picks a fix from main onto a release's
        branch and tags the next patch.
      </Typography>
    );
  } else {
    const items = [...hotfixes.value.hotfixes].sort(byNewest);
    content = (
      <>
        {items
          .filter(h => h.notOnMain)
          .map(h => (
            <Box mb={2} key={`${h.tag}-warning`}>
              <Alert severity="warning">
                Fix not on main: {h.tag} fixes {h.target} with{' '}
                {shortSha(h.fixSha)} but main does not have that change yet;
                merge it to main or the next release brings the bug back.
              </Alert>
            </Box>
          ))}
        <TableContainer>
          <Table size="small" aria-label="Hotfixes">
            <TableHead>
              <TableRow>
                <TableCell>Tag</TableCell>
                <TableCell>Fixes</TableCell>
                <TableCell>Branch</TableCell>
                <TableCell>Fix</TableCell>
                <TableCell>Cut</TableCell>
                <TableCell>Promotion</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map(h => (
                <TableRow key={h.tag}>
                  <TableCell component="th" scope="row">
                    <VersionText version={h.tag} />
                    {h.notOnMain && (
                      <Chip
                        size="small"
                        variant="outlined"
                        className={classes.notOnMain}
                        label="fix not on main"
                      />
                    )}
                  </TableCell>
                  <TableCell>
                    <VersionText version={h.target} />
                  </TableCell>
                  <TableCell>
                    <code>{h.branch}</code>
                  </TableCell>
                  <TableCell>
                    <code title={h.fixSha}>{shortSha(h.fixSha)}</code>
                  </TableCell>
                  <TableCell>
                    <ActorName actor={h.by} />, <RelativeTime value={h.at} />
                  </TableCell>
                  <TableCell>
                    <PromotionLink hotfix={h} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
        {hotfixes.error && (
          <Box mt={1}>
            <ErrorAlert
              severity="warning"
              title="Hotfixes could not be read again"
              error={hotfixes.error}
            />
          </Box>
        )}
      </>
    );
  }

  return (
    <InfoCard
      title="Hotfixes"
      titleTypographyProps={{ component: 'h2' }}
      action={
        <Box mt={1} mr={1}>
          <Button
            variant="outlined"
            color="primary"
            onClick={() => setCutting(true)}
          >
            Cut hotfix
          </Button>
        </Box>
      }
    >
      {content}
      {cutting && (
        <CutHotfixDialog
          entityRef={entityRef}
          targets={targets}
          onCut={onHotfixCut}
          onClose={() => setCutting(false)}
        />
      )}
    </InfoCard>
  );
};
