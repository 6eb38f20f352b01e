import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { Promotion } from '@releases-for-backstage/plugin-releases-common';
import { usePromotionApprovePermission } from '../../hooks/usePromotionApprovePermission';
import { ErrorAlert } from '../ErrorAlert';
import {
  PromotionDecisionDialog,
  type PromotionDecision,
} from '../PromotionDecisionDialog';

/** @public */
export interface PromotionApprovalProps {
  /** A promotion in state `waiting-for-gates`. */
  promotion: Promotion;
  /** Approve, with the comment if one was given. */
  onApprove: (reason?: string) => void;
  /** Reject, with the (non-empty) reason. */
  onReject: (reason: string) => void;
  /** The decision being sent. */
  deciding?: PromotionDecision;
  /** The last decision about this promotion failed. */
  decisionError?: { decision: PromotionDecision; error: Error };
}

/**
 * Why a promotion waits (e.g. "manual approval required for prod"), with
 * Approve and Reject buttons for users who hold
 * `releases.promotion.approve` on the entity, and why the buttons are
 * disabled for the others.
 */
export const PromotionApproval = ({
  promotion,
  onApprove,
  onReject,
  deciding,
  decisionError,
}: PromotionApprovalProps) => {
  const permission = usePromotionApprovePermission(promotion.entityRef);
  const [open, setOpen] = useState<PromotionDecision>();
  const idPrefix = `releases-approval-${promotion.id}`;
  const refused = !permission.loading && !permission.allowed;
  const disabled = !permission.allowed || deciding !== undefined;
  const describedBy = refused ? `${idPrefix}-not-allowed` : undefined;

  return (
    <Box mb={2}>
      <Alert
        severity="info"
        role="region"
        aria-labelledby={`${idPrefix}-title`}
      >
        <AlertTitle id={`${idPrefix}-title`}>Waiting for approval</AlertTitle>
        <Typography variant="body1" component="p">
          {promotion.reason ?? 'The promotion waits for its gates.'}
        </Typography>
        <Box display="flex" gridGap={8} mt={1}>
          <Button
            variant="contained"
            color="primary"
            disabled={disabled}
            aria-describedby={describedBy}
            onClick={() => setOpen('approve')}
          >
            {deciding === 'approve' ? 'Approving…' : 'Approve'}
          </Button>
          <Button
            variant="outlined"
            color="secondary"
            disabled={disabled}
            aria-describedby={describedBy}
            onClick={() => setOpen('reject')}
          >
            {deciding === 'reject' ? 'Rejecting…' : 'Reject'}
          </Button>
        </Box>
        {refused && (
          <Typography
            id={`${idPrefix}-not-allowed`}
            variant="body2"
            color="textSecondary"
          >
            {permission.error
              ? `Could not check whether you may approve this promotion: ${permission.error.message}`
              : `You may not approve or reject this promotion: that takes the releases.promotion.approve permission on ${promotion.entityRef}.`}
          </Typography>
        )}
      </Alert>
      {decisionError && (
        <Box mt={1}>
          <ErrorAlert
            title={
              decisionError.decision === 'approve'
                ? 'Approval failed'
                : 'Rejection failed'
            }
            error={decisionError.error}
          />
        </Box>
      )}
      <PromotionDecisionDialog
        decision="approve"
        open={open === 'approve'}
        promotion={promotion}
        onCancel={() => setOpen(undefined)}
        onConfirm={comment => {
          setOpen(undefined);
          onApprove(comment || undefined);
        }}
      />
      <PromotionDecisionDialog
        decision="reject"
        open={open === 'reject'}
        promotion={promotion}
        onCancel={() => setOpen(undefined)}
        onConfirm={reason => {
          setOpen(undefined);
          onReject(reason);
        }}
      />
    </Box>
  );
};
