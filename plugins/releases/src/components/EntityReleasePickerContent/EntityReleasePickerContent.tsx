/*
 * The Release picker tab of a System: the product releases ranked by their
 * measured stability (best first, as the backend ranks them), why each one
 * passed or not, its risk, soak progress and components, what it adds over
 * prod, and the action that promotes a passing one to canary.
 */
import { Fragment, useCallback, useState } from 'react';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import IconButton from '@material-ui/core/IconButton';
import LinearProgress from '@material-ui/core/LinearProgress';
import Switch from '@material-ui/core/Switch';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@material-ui/icons/KeyboardArrowRight';
import {
  RELEASES_PRODUCT_REPO_ANNOTATION,
  type ReleaseChannel,
  type ReleasePickerEntry,
  type ReleasePickerResponse,
} from '@releases-for-backstage/plugin-releases-common';
import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ChangelogView } from '../ChangelogView';
import { ErrorAlert, errorMessage } from '../ErrorAlert';
import { PromoteProductDialog } from '../EntityProductReleasesContent/PromoteProductDialog';
import { addsChangelog } from './addsChangelog';
import { promotionTarget } from './promotionTarget';

const useStyles = makeStyles(theme => ({
  stable: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  beta: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
  },
  alpha: {},
  low: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  medium: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  high: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  list: { margin: 0, paddingLeft: theme.spacing(2) },
  soak: { minWidth: 80 },
  component: {
    '& + &': { marginTop: theme.spacing(2) },
  },
}));

/** The backend's 400 for a System without product repository. */
function isMissingAnnotation(error: Error | undefined): boolean {
  if (!error) return false;
  const status = (error as { statusCode?: unknown }).statusCode;
  return (
    status === 400 &&
    errorMessage(error).includes(`no ${RELEASES_PRODUCT_REPO_ANNOTATION}`)
  );
}

/** The words of a score: `96 · stable`; `no data` without a score, never 0. */
export function scoreLabel(
  score: number | null,
  channel: ReleaseChannel | null,
): string {
  if (score === null) return 'no data';
  return channel ? `${score} · ${channel}` : `${score}`;
}

/** A score with its channel; the words always say it, never colour alone. */
const ScoreChip = ({
  score,
  channel,
  subject,
}: {
  score: number | null;
  channel: ReleaseChannel | null;
  subject: string;
}) => {
  const classes = useStyles();
  const label = scoreLabel(score, channel);
  const coloured = score === null ? null : channel;
  return (
    <Chip
      size="small"
      variant={coloured ? 'default' : 'outlined'}
      className={coloured ? classes[coloured] : undefined}
      label={label}
      aria-label={`Stability of ${subject}: ${label}`}
    />
  );
};

/**
 * The highest risk of the changes over prod. Not the clickable `RiskChip`:
 * the picker sends the level only, not the changes that explain it.
 */
const LevelChip = ({
  level,
  subject,
}: {
  level: ReleasePickerEntry['risk'];
  subject: string;
}) => {
  const classes = useStyles();
  if (!level) {
    return (
      <Typography variant="body2" color="textSecondary">
        unknown
      </Typography>
    );
  }
  return (
    <Chip
      size="small"
      className={classes[level]}
      label={`${level} risk`}
      aria-label={`${level} risk of ${subject}`}
    />
  );
};

const Soaked = ({ soaked, subject }: { soaked: number; subject: string }) => {
  const classes = useStyles();
  const percent = Math.round(Math.min(Math.max(soaked, 0), 1) * 100);
  return (
    <Box className={classes.soak}>
      <Typography variant="body2">{percent}%</Typography>
      <LinearProgress
        variant="determinate"
        value={percent}
        aria-label={`Soak of ${subject}`}
      />
    </Box>
  );
};

interface Action {
  /** Where the action promotes to; undefined when the product has no such environment. */
  environment: string | undefined;
  /** Why no environment is known, while it is not. */
  problem?: string;
}

const ReleaseRow = ({
  product,
  release,
  action,
  onPromote,
}: {
  product: string;
  release: ReleasePickerEntry;
  action: Action;
  onPromote: (release: ReleasePickerEntry) => void;
}) => {
  const classes = useStyles();
  const [open, setOpen] = useState(false);
  const subject = `${product} ${release.version}`;
  const notOffered = !release.passed
    ? `Did not pass: ${release.reasons.join('; ') || 'no reason given'}`
    : action.problem;
  return (
    <Fragment>
      <TableRow>
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            aria-label={`${open ? 'Hide' : 'Show'} what ${
              release.version
            } adds over prod`}
            aria-expanded={open}
            onClick={() => setOpen(o => !o)}
          >
            {open ? <KeyboardArrowDownIcon /> : <KeyboardArrowRightIcon />}
          </IconButton>
        </TableCell>
        <TableCell component="th" scope="row">
          <Typography variant="body2">{release.version}</Typography>
          <Typography variant="caption" color="textSecondary">
            {release.tag},{' '}
            <time dateTime={release.date}>
              {new Date(release.date).toLocaleDateString()}
            </time>
          </Typography>
        </TableCell>
        <TableCell>
          <ScoreChip
            score={release.score}
            channel={release.channel}
            subject={subject}
          />
        </TableCell>
        <TableCell>
          <Typography variant="body2">
            {release.passed ? 'Passed' : 'Did not pass'}
          </Typography>
          {release.reasons.length > 0 && (
            <ul
              className={classes.list}
              aria-label={`Why ${release.version} ${
                release.passed ? 'passed' : 'did not pass'
              }`}
            >
              {release.reasons.map(reason => (
                <Typography
                  key={reason}
                  component="li"
                  variant="caption"
                  color="textSecondary"
                >
                  {reason}
                </Typography>
              ))}
            </ul>
          )}
        </TableCell>
        <TableCell>
          <LevelChip level={release.risk} subject={subject} />
        </TableCell>
        <TableCell>
          <Soaked soaked={release.soaked} subject={subject} />
        </TableCell>
        <TableCell>
          <ul
            className={classes.list}
            aria-label={`Components of ${release.version}`}
          >
            {release.components.map(c => (
              <li key={c.entityRef}>
                <Typography variant="body2" component="span">
                  {c.component} → {c.version}
                  {c.bump ? ` (${c.bump})` : ''}{' '}
                </Typography>
                {c.judged ? (
                  <ScoreChip
                    score={c.score}
                    channel={c.channel}
                    subject={`${c.component} ${c.version}`}
                  />
                ) : (
                  // Declares no SLOs: its stability is not part of the release's.
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    component="span"
                  >
                    not judged (no SLOs)
                  </Typography>
                )}
              </li>
            ))}
          </ul>
        </TableCell>
        <TableCell align="right">
          <Button
            size="small"
            variant="outlined"
            color="primary"
            disabled={Boolean(notOffered) || !action.environment}
            aria-label={`Promote ${subject} to ${
              action.environment ?? 'canary'
            }`}
            aria-describedby={
              notOffered ? `not-offered-${release.tag}` : undefined
            }
            onClick={() => onPromote(release)}
            style={{ whiteSpace: 'nowrap' }}
          >
            Promote to {action.environment ?? 'canary'}
          </Button>
          {notOffered && (
            <Typography
              id={`not-offered-${release.tag}`}
              variant="caption"
              color="textSecondary"
              component="p"
            >
              {notOffered}
            </Typography>
          )}
        </TableCell>
      </TableRow>
      {open && (
        <TableRow>
          <TableCell />
          <TableCell colSpan={7}>
            <section aria-label={`What ${release.version} adds over prod`}>
              {release.adds.length === 0 ? (
                <Typography variant="body2" color="textSecondary">
                  Nothing over what prod runs.
                </Typography>
              ) : (
                release.adds.map(group => (
                  <Box key={group.component} className={classes.component}>
                    <Typography variant="subtitle2" component="h3">
                      {group.component}
                    </Typography>
                    <ChangelogView
                      changelog={addsChangelog(group.entries)}
                      headingLevel={4}
                    />
                  </Box>
                ))
              )}
            </section>
          </TableCell>
        </TableRow>
      )}
    </Fragment>
  );
};

const PickerCard = ({
  product,
  picker,
  action,
  onPromote,
}: {
  product: string;
  picker: ReleasePickerResponse;
  action: Action;
  onPromote: (release: ReleasePickerEntry) => void;
}) => {
  const [showAll, setShowAll] = useState(false);
  // Ranked by the backend: keep its order, only leave out what did not pass.
  const shown = showAll
    ? picker.releases
    : picker.releases.filter(r => r.passed);
  const hidden = picker.releases.length - shown.length;
  return (
    <InfoCard
      title="Release picker"
      titleTypographyProps={{ component: 'h2' }}
      subheader={
        <>
          <Typography variant="body2" component="span" display="block">
            {picker.prod
              ? `Prod runs ${product} ${picker.prod.version} (${picker.prod.tag}).`
              : 'Prod runs no single product release.'}
          </Typography>
          <Typography variant="body2" component="span" display="block">
            Stability measured in {picker.environment}.
          </Typography>
        </>
      }
    >
      {picker.releases.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No product release yet.
        </Typography>
      ) : (
        <>
          <FormControlLabel
            control={
              <Switch
                checked={showAll}
                onChange={e => setShowAll(e.target.checked)}
                color="primary"
              />
            }
            label="Show releases that did not pass"
          />
          {shown.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              No product release passed; {hidden} did not.
            </Typography>
          ) : (
            <TableContainer>
              <Table size="small" aria-label="Ranked product releases">
                <TableHead>
                  <TableRow>
                    <TableCell padding="checkbox" />
                    <TableCell>Release</TableCell>
                    <TableCell>Stability</TableCell>
                    <TableCell>Passed</TableCell>
                    <TableCell>Risk</TableCell>
                    <TableCell>Soaked</TableCell>
                    <TableCell>Components</TableCell>
                    <TableCell align="right">Action</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {shown.map(release => (
                    <ReleaseRow
                      key={release.tag}
                      product={product}
                      release={release}
                      action={action}
                      onPromote={onPromote}
                    />
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          )}
        </>
      )}
    </InfoCard>
  );
};

const ReleasePicker = ({ system }: { system: string }) => {
  const api = useApi(releasesApiRef);
  // Counts the promotions started here: each reads what runs again.
  const [promoted, setPromoted] = useState(0);
  const picker = useAsyncRetry(
    () => api.getReleasePicker({ system }),
    [api, system, promoted],
  );
  const environments = useAsyncRetry(
    () => api.getProductEnvironments(system),
    [api, system, promoted],
  );
  const names = environments.value?.environments.map(e => e.environment);
  const someComponent = picker.value?.releases
    .flatMap(r => r.components)
    .find(Boolean)?.entityRef;
  // The product environments have no type: without a canary, a
  // component's environments tell which one is prod.
  const target = useAsync(async () => {
    if (!names) return undefined;
    const first = promotionTarget(names);
    if (first || !someComponent) return first;
    const types = await api.getEnvironments(someComponent);
    return promotionTarget(names, types.environments);
  }, [api, names?.join('\n'), someComponent]);
  const [promoting, setPromoting] = useState<ReleasePickerEntry>();
  const onPromoted = useCallback(() => setPromoted(n => n + 1), []);

  if (isMissingAnnotation(picker.error)) {
    return (
      <MissingAnnotationEmptyState
        annotation={RELEASES_PRODUCT_REPO_ANNOTATION}
      />
    );
  }
  // Keep showing the previous answer while reading again after a promotion.
  if (!picker.value) {
    if (picker.error) {
      return (
        <ErrorAlert
          title="The release picker could not be read"
          error={picker.error}
        />
      );
    }
    return <Progress />;
  }

  let action: Action;
  if (environments.error) {
    action = {
      environment: undefined,
      problem: `The environments could not be read: ${errorMessage(
        environments.error,
      )}`,
    };
  } else if (target.error) {
    action = {
      environment: undefined,
      problem: `The environment types could not be read: ${errorMessage(
        target.error,
      )}`,
    };
  } else if (!names || target.loading) {
    action = { environment: undefined, problem: 'Reading the environments…' };
  } else if (!target.value) {
    action = {
      environment: undefined,
      problem: 'The product has no canary and no prod environment.',
    };
  } else {
    action = { environment: target.value };
  }

  const product = parseEntityRef(system).name;
  return (
    <>
      <PickerCard
        product={product}
        picker={picker.value}
        action={action}
        onPromote={setPromoting}
      />
      {promoting && (
        <PromoteProductDialog
          key={promoting.tag}
          system={system}
          product={product}
          version={promoting.version}
          environments={environments.value?.environments}
          environmentsError={environments.error}
          environment={action.environment}
          onPromoted={onPromoted}
          onClose={() => setPromoting(undefined)}
        />
      )}
    </>
  );
};

/**
 * The release picker of the current System entity: its product releases
 * ranked by measured stability, and the action that promotes a passing one
 * to canary.
 */
export const EntityReleasePickerContent = () => {
  const { entity } = useEntity();
  return <ReleasePicker system={stringifyEntityRef(entity)} />;
};
