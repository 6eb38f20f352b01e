import { useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
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
  type SchemaStep,
} from '@releases-for-backstage/plugin-releases-common';
import { actorName } from '../ActorName';
import { ErrorAlert } from '../ErrorAlert';
import { PartOfProductPromotion } from './PartOfProductPromotion';
import { PromotionApproval } from '../PromotionApproval';
import type { PromotionDecision } from '../PromotionDecisionDialog';
import { PromotionGates } from '../PromotionGates';
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

/** Asks before aborting: one click on Abort must not end a promotion. */
const AbortDialog = ({
  open,
  promotion,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  promotion: Promotion;
  onCancel: () => void;
  onConfirm: () => void;
}) => {
  const idPrefix = `releases-abort-${promotion.id}`;
  const what = promotion.rollback ? 'rollback of' : 'promotion to';
  const version = promotion.version ?? promotion.requestedVersion;
  return (
    <Dialog
      open={open}
      onClose={onCancel}
      aria-labelledby={`${idPrefix}-title`}
      aria-describedby={`${idPrefix}-description`}
    >
      <DialogTitle id={`${idPrefix}-title`}>
        Abort the {what} {promotion.environment}?
      </DialogTitle>
      <DialogContent>
        <DialogContentText id={`${idPrefix}-description`}>
          The promotion stops before anything is written:{' '}
          {promotion.environment} keeps{' '}
          {promotion.previousVersion ?? 'what it runs'}
          {version ? ` and does not get ${version}` : ''}. An aborted promotion
          cannot be resumed; request a new one instead.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button color="secondary" variant="contained" onClick={onConfirm}>
          Abort promotion
        </Button>
      </DialogActions>
    </Dialog>
  );
};

/**
 * The database schema step beside the version step: migrations only move
 * the environment's schema forward, so an older release keeps the newer one.
 */
export function schemaStepText(schema: SchemaStep): string {
  const from = schema.environment ?? 'none';
  if (schema.release === null) {
    return `Database schema: ${from} (no schema file at this version)`;
  }
  if (schema.runs === schema.environment) {
    return schema.release < (schema.runs ?? 0)
      ? `Database schema: stays ${schema.runs}; this version's schema is ${schema.release} and it runs on schemas up to ${schema.compatibleUpTo}`
      : `Database schema: stays ${schema.runs}`;
  }
  return `Database schema: ${from} → ${schema.runs}`;
}

/**
 * Live progress of a promotion: its steps, the state it is in, its gates,
 * every event with who caused it and why (steps gone past show as done,
 * only the current one of a running promotion as in progress), an Abort
 * button (confirmed in a dialog) while it can still be aborted, and
 * Approve and Reject buttons while it waits for approval.
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
  const [confirmAbort, setConfirmAbort] = useState(false);
  // A backend from before gates and verification sends neither.
  const gates = promotion.gates ?? [];
  const verification = promotion.verification ?? [];
  const { steps, activeStep } = promotionSteps(promotion);
  const waiting = promotion.state === 'waiting-for-gates';
  // Approve and Reject only while a person's approval is what it waits for
  // (or the gates are not known): a promotion waiting for a smoke result or
  // votes is not helped by an approval.
  const approvalAsked =
    promotion.gates.length === 0 ||
    promotion.gates.some(g => g.id === 'approval' && g.status === 'pending');
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
            onClick={() => setConfirmAbort(true)}
            disabled={aborting}
          >
            {aborting ? 'Aborting…' : 'Abort'}
          </Button>
        )}
      </Box>
      {promotion.schema && (
        <Typography variant="body2" component="p" gutterBottom>
          {schemaStepText(promotion.schema)}
        </Typography>
      )}
      {promotion.productPromotionId && (
        <PartOfProductPromotion id={promotion.productPromotionId} />
      )}
      {waiting && approvalAsked && (
        <PromotionApproval
          promotion={promotion}
          onApprove={onApprove}
          onReject={onReject}
          deciding={deciding}
          decisionError={decisionError}
        />
      )}
      {promotion.reason && !(waiting && approvalAsked) && (
        <Typography variant="body2" color="textSecondary" paragraph>
          {promotion.reason}
        </Typography>
      )}
      {gates.length > 0 && (
        <Box mb={2}>
          <PromotionGates gates={gates} />
        </Box>
      )}
      {verification.length > 0 && (
        <Box mb={2}>
          <PromotionGates gates={verification} title="Verification" />
        </Box>
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
        {promotion.events.map((event, i) => (
          <ListItem key={`${i}-${event.at}-${event.state}`} disableGutters>
            <ListItemText
              primary={
                <>
                  <PromotionStateLabel
                    state={event.state}
                    // Every event but the one of the state it is in now is a
                    // step gone past; once it ended, so is that one.
                    finished={
                      !running ||
                      i < promotion.events.length - 1 ||
                      event.state !== promotion.state
                    }
                  />
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
      <AbortDialog
        open={confirmAbort && isAbortable(promotion.state)}
        promotion={promotion}
        onCancel={() => setConfirmAbort(false)}
        onConfirm={() => {
          setConfirmAbort(false);
          onAbort();
        }}
      />
    </InfoCard>
  );
};
