import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import type { EnvironmentStatus } from '@releases-for-backstage/plugin-releases-common';

/** @public */
export interface RollbackDialogProps {
  /** The environment to roll back; the dialog is closed without one. */
  environment?: EnvironmentStatus;
  /** Title of the entity, e.g. `cart`. */
  entityTitle: string;
  onConfirm: (environment: EnvironmentStatus) => void;
  onCancel: () => void;
}

/** Asks before rolling an environment back to its last known-good version. */
export const RollbackDialog = ({
  environment,
  entityTitle,
  onConfirm,
  onCancel,
}: RollbackDialogProps) => (
  <Dialog
    open={Boolean(environment)}
    onClose={onCancel}
    aria-labelledby="releases-rollback-title"
    aria-describedby="releases-rollback-description"
  >
    {environment && (
      <>
        <DialogTitle id="releases-rollback-title">
          Roll back {entityTitle} in {environment.environment}?
        </DialogTitle>
        <DialogContent>
          <DialogContentText id="releases-rollback-description">
            {environment.environment} runs {environment.version ?? 'nothing'}{' '}
            now. A rollback returns it to its last known-good version, the last
            one that was deployed there successfully before.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel}>Cancel</Button>
          <Button
            color="secondary"
            variant="contained"
            onClick={() => onConfirm(environment)}
          >
            Roll back
          </Button>
        </DialogActions>
      </>
    )}
  </Dialog>
);
