import { useRef, useState } from 'react';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type {
  Promotion,
  Vote,
  VoteDecision,
} from '@releases-for-backstage/plugin-releases-common';
import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { actorName } from '../ActorName';
import { ErrorAlert } from '../ErrorAlert';
import { ReasonDialog } from '../ReasonDialog';
import { RelativeTime } from '../RelativeTime';

const useStyles = makeStyles(theme => ({
  void: {
    textDecoration: 'line-through',
    color: theme.palette.text.secondary,
  },
  noGo: {
    color: theme.palette.error.main,
    fontWeight: theme.typography.fontWeightBold as number,
  },
  go: {
    color: theme.palette.success.dark,
    fontWeight: theme.typography.fontWeightBold as number,
  },
}));

/** The vote that counts for a role (its newest valid one) and the void ones. */
export function votesOfRole(
  votes: readonly Vote[],
  role: string,
): { current?: Vote; void: Vote[] } {
  const ofRole = votes
    .filter(v => v.role === role)
    .sort((a, b) => Date.parse(b.castAt) - Date.parse(a.castAt));
  return {
    current: ofRole.find(v => !v.void),
    void: ofRole.filter(v => v.void),
  };
}

const DECISION_TEXT: Record<VoteDecision, string> = {
  go: 'Go',
  'no-go': 'No-go',
};

const VoteLine = ({ vote }: { vote: Vote }) => {
  const classes = useStyles();
  return (
    <Typography variant="body2" component="span" style={{ display: 'block' }}>
      <span className={vote.decision === 'go' ? classes.go : classes.noGo}>
        {DECISION_TEXT[vote.decision]}
      </span>{' '}
      by <span title={vote.voter}>{actorName(vote.voter)}</span>,{' '}
      <RelativeTime value={vote.castAt} />: {vote.reason}
    </Typography>
  );
};

/** @public */
export interface VotePanelProps {
  promotion: Pick<
    Promotion,
    'id' | 'state' | 'version' | 'requestedVersion' | 'environment'
  >;
  /**
   * A product promotion this promotion belongs to: the vote is cast on
   * every component of it that still waits, as one vote.
   */
  product?: { id: string; name: string; tag: string };
  /** Render nothing unless a role votes in the environment (or the votes cannot be read). */
  hideWithoutRoles?: boolean;
  /**
   * Changes when the votes may have changed elsewhere (a signal, a new
   * state of the promotion): they are read again.
   */
  reloadKey?: unknown;
}

/**
 * The go/no-go votes of a promotion: a row per role whose go it needs,
 * with the vote that counts (decision, voter, reason, when), earlier votes
 * for another version struck through, and Go and No-go buttons for the
 * roles the user may vote for while the promotion waits. A no-go stops
 * the promotion and is shown above the table with its reason.
 */
export const VotePanel = ({
  promotion,
  product,
  hideWithoutRoles,
  reloadKey,
}: VotePanelProps) => {
  const classes = useStyles();
  const releasesApi = useApi(releasesApiRef);
  const votes = useAsyncRetry(
    () => releasesApi.getVotes(promotion.id),
    [releasesApi, promotion.id, reloadKey],
  );
  const [asking, setAsking] = useState<{
    role: string;
    decision: VoteDecision;
  }>();
  // Two quick confirmations must not cast two votes: state updates too late.
  const sending = useRef(false);
  const [castState, cast] = useAsyncFn(
    async (role: string, decision: VoteDecision, reason: string) => {
      if (sending.current) return undefined;
      sending.current = true;
      try {
        const request = { role, decision, reason };
        const vote = product
          ? (await releasesApi.castProductVote(product.id, request)).votes[0]
          : await releasesApi.castVote(promotion.id, request);
        votes.retry();
        return vote;
      } finally {
        sending.current = false;
      }
    },
    [releasesApi, promotion.id, product, votes.retry],
  );
  const waiting = promotion.state === 'waiting-for-gates';
  const version = product
    ? `${product.name} ${product.tag}`
    : promotion.version ?? promotion.requestedVersion ?? '';

  // Nothing until it is known that a role votes: no card flashes by.
  if (
    hideWithoutRoles &&
    (votes.value ? votes.value.roles.length === 0 : !votes.error)
  )
    return null;
  let content;
  if (votes.error && !votes.value) {
    content = (
      <ErrorAlert title="Votes could not be read" error={votes.error} />
    );
  } else if (!votes.value) {
    content = <Progress />;
  } else {
    const { roles } = votes.value;
    const vetoes = roles
      .map(r => votesOfRole(votes.value!.votes, r.role).current)
      .filter((v): v is Vote => v?.decision === 'no-go');
    content = (
      <>
        {vetoes.map(veto => (
          <Box mb={2} key={veto.id}>
            <Alert severity="error" role="alert">
              <AlertTitle>
                No-go from {veto.role} ({actorName(veto.voter)})
              </AlertTitle>
              {veto.reason}
            </Alert>
          </Box>
        ))}
        {roles.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No role needs to vote on this promotion.
          </Typography>
        ) : (
          <Table size="small" aria-label="Votes">
            <TableHead>
              <TableRow>
                <TableCell>Role</TableCell>
                <TableCell>Vote</TableCell>
                <TableCell>
                  <Typography variant="srOnly">Actions</Typography>
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {roles.map(role => {
                const { current, void: voided } = votesOfRole(
                  votes.value!.votes,
                  role.role,
                );
                return (
                  <TableRow key={role.role}>
                    <TableCell component="th" scope="row">
                      {role.role}
                      <Typography
                        variant="caption"
                        color="textSecondary"
                        component="span"
                        style={{ display: 'block' }}
                      >
                        {role.groups.map(actorName).join(', ')}
                      </Typography>
                    </TableCell>
                    <TableCell>
                      {current ? (
                        <VoteLine vote={current} />
                      ) : (
                        <Typography variant="body2" color="textSecondary">
                          Not voted yet
                        </Typography>
                      )}
                      {voided.map(v => (
                        <Typography
                          key={v.id}
                          variant="caption"
                          component="span"
                          style={{ display: 'block' }}
                        >
                          <span className={classes.void}>
                            {DECISION_TEXT[v.decision]} by {actorName(v.voter)}:{' '}
                            {v.reason}
                          </span>{' '}
                          (for version {v.version}, no longer counts)
                        </Typography>
                      ))}
                    </TableCell>
                    <TableCell align="right">
                      {waiting && role.mayVote && (
                        <Box
                          display="flex"
                          gridGap={8}
                          justifyContent="flex-end"
                        >
                          <Button
                            size="small"
                            variant="contained"
                            color="primary"
                            disabled={castState.loading}
                            aria-label={`Go for ${role.role}`}
                            onClick={() =>
                              setAsking({ role: role.role, decision: 'go' })
                            }
                          >
                            Go
                          </Button>
                          <Button
                            size="small"
                            variant="outlined"
                            color="secondary"
                            disabled={castState.loading}
                            aria-label={`No-go for ${role.role}`}
                            onClick={() =>
                              setAsking({ role: role.role, decision: 'no-go' })
                            }
                          >
                            No-go
                          </Button>
                        </Box>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
        {castState.loading && (
          <Typography variant="body2" color="textSecondary" aria-live="polite">
            Sending the vote…
          </Typography>
        )}
        {castState.error && (
          <Box mt={1}>
            <ErrorAlert title="Vote refused" error={castState.error} />
          </Box>
        )}
        {votes.error && (
          <Box mt={1}>
            <ErrorAlert
              severity="warning"
              title="Votes could not be read again"
              error={votes.error}
            />
          </Box>
        )}
      </>
    );
  }

  return (
    <InfoCard
      title="Go/no-go votes"
      subheader={`${version} to ${
        promotion.environment
      }: every role must vote go.${
        product ? ' One vote counts for every component.' : ''
      }`}
      titleTypographyProps={{ component: 'h2' }}
    >
      {content}
      <ReasonDialog
        open={asking !== undefined}
        title={
          asking
            ? `${DECISION_TEXT[asking.decision]} for ${version} as ${
                asking.role
              }?`
            : ''
        }
        description={
          asking?.decision === 'no-go'
            ? `A no-go stops the promotion to ${promotion.environment}.`
            : `Your go counts for ${version} only: a new version needs a new vote.${
                product
                  ? ` It is cast on every component of ${product.tag} that waits for votes.`
                  : ''
              }`
        }
        confirmLabel={asking ? DECISION_TEXT[asking.decision] : ''}
        confirmColor={asking?.decision === 'no-go' ? 'secondary' : 'primary'}
        helperText="Required. Shown with your vote."
        onCancel={() => setAsking(undefined)}
        onConfirm={reason => {
          if (!asking) return;
          setAsking(undefined);
          cast(asking.role, asking.decision, reason);
        }}
      />
    </InfoCard>
  );
};
