import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Step from '@material-ui/core/Step';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Typography from '@material-ui/core/Typography';
import {
  isAbortable,
  isTerminalState,
  type Promotion,
  type PromotionState,
} from '@releases-for-backstage/plugin-releases-common';
import { actorName } from '../ActorName';
import { ErrorAlert } from '../ErrorAlert';
import { PromotionApproval } from '../PromotionApproval';
import type { PromotionDecision } from '../PromotionDecisionDialog';
import { PromotionStateLabel } from '../PromotionStateLabel';
import { RelativeTime } from '../RelativeTime';

const HAPPY_PATH: PromotionState[] = [
  'requested',
  'approved',
  'executing',
  'verifying',
  'succeeded',
];

/**
 * Steps of the stepper: the happy path (with gates when the promotion
 * waited for them), and where it stopped if it did not succeed.
 */
export function promotionSteps(promotion: Promotion): {
  steps: Array<{ label: string; error: boolean }>;
  activeStep: number;
} {
  const reached = new Set(promotion.events.map(e => e.state));
  reached.add(promotion.state);
  const path: PromotionState[] = reached.has('waiting-for-gates')
    ? ['requested', 'waiting-for-gates', ...HAPPY_PATH.slice(1)]
    : [...HAPPY_PATH];
  const steps: Array<{ label: string; error: boolean }> = path.map(label => ({
    label,
    error: false,
  }));
  if (promotion.state === 'succeeded') {
    return { steps, activeStep: steps.length };
  }
  const at = path.indexOf(promotion.state);
  if (at !== -1) {
    return { steps, activeStep: at };
  }
  // Stopped: the step after the last one reached shows how it ended.
  const last = Math.max(...path.map((s, i) => (reached.has(s) ? i : 0)));
  const stop = Math.min(last + 1, steps.length - 1);
  steps[stop] = { label: promotion.state, error: true };
  return { steps, activeStep: stop };
}

/** @public */
export interface PromotionProgressProps {
  promotion: Promotion;
  /** The last poll failed; polling goes on. */
  pollError?: Error;
  onAbort: () => void;
  aborting: boolean;
  abortError?: Error;
  /** Approves a promotion that waits for approval, with an optional comment. */
  onApprove: (reason?: string) => void;
  /** Rejects a promotion that waits for approval, with the reason. */
  onReject: (reason: string) => void;
  /** The approval or rejection being sent. */
  deciding?: PromotionDecision;
  /** The last approval or rejection of this promotion failed. */
  decisionError?: { decision: PromotionDecision; error: Error };
}

/**
 * Live progress of a promotion: its steps, the state it is in, every
 * event with who caused it and why, an Abort button while it can still be
 * aborted, and Approve and Reject buttons while it waits for approval.
 */
export const PromotionProgress = ({
  promotion,
  pollError,
  onAbort,
  aborting,
  abortError,
  onApprove,
  onReject,
  deciding,
  decisionError,
}: PromotionProgressProps) => {
  const { steps, activeStep } = promotionSteps(promotion);
  const waiting = promotion.state === 'waiting-for-gates';
  const running = !isTerminalState(promotion.state);
  const title = promotion.rollback
    ? `Rollback of ${promotion.environment}`
    : `Promotion to ${promotion.environment}`;
  const version = promotion.version ?? promotion.requestedVersion ?? 'default';
  return (
    <InfoCard
      title={title}
      subheader={`${promotion.previousVersion ?? 'nothing'} → ${version}${
        promotion.createdTag ? ` (created tag ${promotion.createdTag})` : ''
      }`}
      titleTypographyProps={{ component: 'h2' }}
    >
      <Box display="flex" alignItems="center" gridGap={16} mb={1}>
        <Typography variant="body1" component="p" aria-live="polite">
          State: <PromotionStateLabel state={promotion.state} />
        </Typography>
        {isAbortable(promotion.state) && (
          <Button
            variant="outlined"
            color="secondary"
            onClick={onAbort}
            disabled={aborting}
          >
            {aborting ? 'Aborting…' : 'Abort'}
          </Button>
        )}
      </Box>
      {waiting && (
        <PromotionApproval
          promotion={promotion}
          onApprove={onApprove}
          onReject={onReject}
          deciding={deciding}
          decisionError={decisionError}
        />
      )}
      {promotion.reason && !waiting && (
        <Typography variant="body2" color="textSecondary" paragraph>
          {promotion.reason}
        </Typography>
      )}
      {running && <LinearProgress aria-label="Promotion in progress" />}
      {abortError && <ErrorAlert title="Abort failed" error={abortError} />}
      {pollError && (
        <ErrorAlert
          severity="warning"
          title="Could not read the promotion; retrying"
          error={pollError}
        />
      )}
      <Stepper activeStep={activeStep} alternativeLabel>
        {steps.map(step => (
          <Step key={step.label}>
            <StepLabel error={step.error}>{step.label}</StepLabel>
          </Step>
        ))}
      </Stepper>
      <List dense aria-label="Promotion events">
        {promotion.events.map(event => (
          <ListItem key={`${event.at}-${event.state}`} disableGutters>
            <ListItemText
              primary={
                <>
                  <PromotionStateLabel state={event.state} />
                  {event.reason && ` – ${event.reason}`}
                </>
              }
              secondary={
                <>
                  <RelativeTime value={event.at} /> by{' '}
                  <span title={event.actor}>{actorName(event.actor)}</span>
                </>
              }
            />
          </ListItem>
        ))}
      </List>
    </InfoCard>
  );
};
