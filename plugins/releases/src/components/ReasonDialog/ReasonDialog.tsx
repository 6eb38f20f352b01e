import { useEffect, useId, useState } from 'react';
import type { ReactNode } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';

/** The backend keeps at most this many characters of a reason. */
export const MAX_REASON_LENGTH = 1000;

/** @public */
export interface ReasonDialogProps {
  open: boolean;
  /** Title and accessible name of the dialog. */
  title: string;
  description: ReactNode;
  /** Text of the confirming button, e.g. `No-go`. */
  confirmLabel: string;
  /** Secondary (red) for a destructive action. */
  confirmColor?: 'primary' | 'secondary';
  /** Helper text under the field: where the reason goes. */
  helperText?: string;
  /** Called with the trimmed reason, never empty. */
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}

/**
 * Asks for a required reason before an action (a vote, an un-bless, a
 * break-glass promotion). The button stays disabled until the reason has
 * more than blanks; a dialog opened again starts empty.
 */
export const ReasonDialog = ({
  open,
  title,
  description,
  confirmLabel,
  confirmColor = 'primary',
  helperText = 'Required. Kept in the audit trail.',
  onConfirm,
  onCancel,
}: ReasonDialogProps) => {
  const [reason, setReason] = useState('');
  const idPrefix = useId();
  useEffect(() => {
    if (open) setReason('');
  }, [open]);
  const trimmed = reason.trim();
  return (
    <Dialog
      open={open}
      onClose={onCancel}
      aria-labelledby={`${idPrefix}-title`}
      aria-describedby={`${idPrefix}-description`}
      fullWidth
      maxWidth="sm"
    >
      <form
        onSubmit={e => {
          e.preventDefault();
          if (trimmed) onConfirm(trimmed);
        }}
      >
        <DialogTitle id={`${idPrefix}-title`}>{title}</DialogTitle>
        <DialogContent>
          <DialogContentText id={`${idPrefix}-description`}>
            {description}
          </DialogContentText>
          <TextField
            id={`${idPrefix}-reason`}
            label="Reason"
            value={reason}
            onChange={e => setReason(e.target.value)}
            helperText={`${helperText} At most ${MAX_REASON_LENGTH} characters.`}
            inputProps={{ maxLength: MAX_REASON_LENGTH }}
            required
            multiline
            minRows={2}
            fullWidth
            variant="outlined"
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel}>Cancel</Button>
          <Button
            type="submit"
            color={confirmColor}
            variant="contained"
            disabled={!trimmed}
          >
            {confirmLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
