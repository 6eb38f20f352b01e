import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import type { Promotion } from '@releases-for-backstage/plugin-releases-common';

/** What a user decides about a promotion that waits for approval. */
export type PromotionDecision = 'approve' | 'reject';

/** The backend keeps at most this many characters of a reason. */
export const MAX_DECISION_REASON_LENGTH = 1000;

/** @public */
export interface PromotionDecisionDialogProps {
  decision: PromotionDecision;
  open: boolean;
  promotion: Promotion;
  /**
   * Called with the trimmed text: the reason of a rejection (never empty),
   * the comment of an approval (empty when none was given).
   */
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}

const TEXT: Record<
  PromotionDecision,
  { verb: string; label: string; helper: string; explain: string }
> = {
  approve: {
    verb: 'Approve',
    label: 'Comment (optional)',
    helper: 'Kept with the approval in the promotion history.',
    explain: 'Approving lets the promotion go on.',
  },
  reject: {
    verb: 'Reject',
    label: 'Reason',
    helper: 'Required. Kept with the promotion in its history.',
    explain: 'Rejecting ends the promotion; nothing is deployed.',
  },
};

/**
 * Asks for the reason of a rejection (required) or an optional comment on
 * an approval of a promotion that waits for approval. The text stays when
 * the dialog is confirmed, so it is still there for a retry if the backend
 * refuses; Cancel clears it.
 */
export const PromotionDecisionDialog = ({
  decision,
  open,
  promotion,
  onConfirm,
  onCancel,
}: PromotionDecisionDialogProps) => {
  const [reason, setReason] = useState('');
  const text = TEXT[decision];
  const trimmed = reason.trim();
  const confirmable = decision === 'approve' || trimmed.length > 0;
  const idPrefix = `releases-${decision}-${promotion.id}`;
  const what = promotion.rollback
    ? `the rollback of ${promotion.environment}`
    : `the promotion to ${promotion.environment}`;
  const version = promotion.version ?? promotion.requestedVersion;
  const cancel = () => {
    setReason('');
    onCancel();
  };
  return (
    <Dialog
      open={open}
      onClose={cancel}
      aria-labelledby={`${idPrefix}-title`}
      aria-describedby={`${idPrefix}-description`}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id={`${idPrefix}-title`}>
        {text.verb} {what}?
      </DialogTitle>
      <DialogContent>
        <DialogContentText id={`${idPrefix}-description`}>
          {version
            ? `${version} is waiting to go to ${promotion.environment}. `
            : ''}
          {text.explain}
        </DialogContentText>
        <TextField
          id={`${idPrefix}-reason`}
          label={text.label}
          value={reason}
          onChange={e => setReason(e.target.value)}
          helperText={`${text.helper} At most ${MAX_DECISION_REASON_LENGTH} characters.`}
          inputProps={{
            maxLength: MAX_DECISION_REASON_LENGTH,
            'aria-required': decision === 'reject',
          }}
          multiline
          minRows={2}
          fullWidth
          variant="outlined"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={cancel}>Cancel</Button>
        <Button
          color={decision === 'reject' ? 'secondary' : 'primary'}
          variant="contained"
          disabled={!confirmable}
          onClick={() => onConfirm(trimmed)}
        >
          {text.verb}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
