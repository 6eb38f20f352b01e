import { useEffect, useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import type { EnvironmentStatus } from '@releases-for-backstage/plugin-releases-common';

/** @public */
export interface RollbackDialogProps {
  /** The environment to roll back; the dialog is closed without one. */
  environment?: EnvironmentStatus;
  /** Title of the entity, e.g. `cart`. */
  entityTitle: string;
  /** Roll back, with why (never empty): it goes to the history and audit trail. */
  onConfirm: (environment: EnvironmentStatus, reason: string) => void;
  onCancel: () => void;
}

/**
 * Asks before rolling an environment back to its last known-good version,
 * and why: a rollback needs a reason.
 */
export const RollbackDialog = ({
  environment,
  entityTitle,
  onConfirm,
  onCancel,
}: RollbackDialogProps) => {
  const [reason, setReason] = useState('');
  // A new rollback starts without the reason typed for another.
  useEffect(() => {
    setReason('');
  }, [environment?.environment]);
  const trimmed = reason.trim();
  return (
    <Dialog
      open={Boolean(environment)}
      onClose={onCancel}
      aria-labelledby="releases-rollback-title"
      aria-describedby="releases-rollback-description"
    >
      {environment && (
        <form
          onSubmit={e => {
            e.preventDefault();
            if (trimmed) onConfirm(environment, trimmed);
          }}
        >
          <DialogTitle id="releases-rollback-title">
            Roll back {entityTitle} in {environment.environment}?
          </DialogTitle>
          <DialogContent>
            <DialogContentText id="releases-rollback-description">
              {environment.environment} runs {environment.version ?? 'nothing'}{' '}
              now. A rollback returns it to its last known-good version, the
              last one that was deployed there successfully before.
            </DialogContentText>
            <TextField
              id="releases-rollback-reason"
              label="Reason"
              value={reason}
              onChange={e => setReason(e.target.value)}
              helperText="Why roll back: shown in the promotion history and the audit trail."
              required
              fullWidth
              multiline
              minRows={2}
              margin="dense"
              variant="outlined"
            />
          </DialogContent>
          <DialogActions>
            <Button onClick={onCancel}>Cancel</Button>
            <Button
              type="submit"
              color="secondary"
              variant="contained"
              disabled={!trimmed}
            >
              Roll back
            </Button>
          </DialogActions>
        </form>
      )}
    </Dialog>
  );
};
