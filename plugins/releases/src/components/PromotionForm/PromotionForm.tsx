import { useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type {
  EnvironmentStatus,
  Release,
} from '@releases-for-backstage/plugin-releases-common';
import type { PromotionPreview } from '../../promotions';
import { ErrorAlert } from '../ErrorAlert';
import { ReasonDialog } from '../ReasonDialog';

/** Value of the version select for "what the rule picks". */
export const DEFAULT_VERSION_CHOICE = '';
/** Value of the version select for a typed version. */
export const OTHER_VERSION_CHOICE = '__other__';

/** What the user picked in the form. */
export interface PromotionSelection {
  /** Name of the target environment. */
  target: string;
  /** {@link DEFAULT_VERSION_CHOICE}, a release tag or {@link OTHER_VERSION_CHOICE}. */
  choice: string;
  /** The typed version, for {@link OTHER_VERSION_CHOICE}. */
  otherVersion: string;
}

/** The version to request, or null to let the rules choose. */
export function requestedVersion(selection: PromotionSelection): string | null {
  if (selection.choice === DEFAULT_VERSION_CHOICE) return null;
  if (selection.choice === OTHER_VERSION_CHOICE) {
    return selection.otherVersion.trim() || null;
  }
  return selection.choice;
}

/** @public */
export interface PromotionFormProps {
  environments: EnvironmentStatus[];
  selection: PromotionSelection;
  onChange: (selection: PromotionSelection) => void;
  /** Release tags to choose from, newest first; undefined while loading. */
  releases?: Release[];
  releasesError?: Error;
  preview?: PromotionPreview;
  submitting: boolean;
  error?: Error;
  /**
   * Why promotions may not start now (the release window is closed or the
   * product frozen): Promote is disabled and says so.
   */
  closedReason?: string;
  /**
   * The user holds `releases.promotion.override`: while closed, a Break
   * glass button starts the promotion anyway, with a reason.
   */
  mayOverride?: boolean;
  /**
   * Requests the promotion; `allowJump` once the user confirmed a qa
   * version above the next version (see {@link PromotionPreview.jump}),
   * `override` for a break-glass start while closed.
   */
  onPromote: (options: {
    allowJump: boolean;
    override?: { reason: string };
  }) => void;
}

/** Asks before a qa version jumps over the next version. */
const JumpDialog = ({
  jump,
  environment,
  onCancel,
  onConfirm,
}: {
  jump?: { version: string; next: string | null };
  environment: string;
  onCancel: () => void;
  onConfirm: () => void;
}) => (
  <Dialog
    open={Boolean(jump)}
    onClose={onCancel}
    aria-labelledby="releases-jump-title"
    aria-describedby="releases-jump-description"
  >
    {jump && (
      <>
        <DialogTitle id="releases-jump-title">
          Jump to {jump.version}?
        </DialogTitle>
        <DialogContent>
          <DialogContentText id="releases-jump-description">
            {jump.next
              ? `The unreleased commits make ${jump.next} the next version; ${jump.version} is above it and skips the versions in between.`
              : `The unreleased commits release nothing; ${jump.version} is a jump.`}{' '}
            Promoting into {environment} makes a release candidate of{' '}
            {jump.version}.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel}>Cancel</Button>
          <Button color="primary" variant="contained" onClick={onConfirm}>
            Jump to {jump.version}
          </Button>
        </DialogActions>
      </>
    )}
  </Dialog>
);

/**
 * Target environment and version of a promotion, the rule of the target's
 * environment type explained, and the Promote button; a qa version above
 * the next version is promoted only once the jump is confirmed.
 */
export const PromotionForm = ({
  environments,
  selection,
  onChange,
  releases,
  releasesError,
  preview,
  submitting,
  error,
  closedReason,
  mayOverride = false,
  onPromote,
}: PromotionFormProps) => {
  const [confirmingJump, setConfirmingJump] = useState(false);
  const [askingOverride, setAskingOverride] = useState(false);
  // A break-glass reason given, waiting for the jump to be confirmed too.
  const [override, setOverride] = useState<{ reason: string }>();
  const typingVersion = selection.choice === OTHER_VERSION_CHOICE;
  const ready =
    !submitting && (!typingVersion || selection.otherVersion.trim() !== '');
  const closed = closedReason !== undefined;
  const canPromote = ready && !closed;
  return (
    <InfoCard
      title="Promote"
      variant="gridItem"
      titleTypographyProps={{ component: 'h2' }}
    >
      <TextField
        id="releases-promotion-target"
        select
        label="Target environment"
        value={selection.target}
        onChange={e =>
          onChange({
            ...selection,
            target: e.target.value,
          })
        }
        SelectProps={{ native: true }}
        // A native select always shows a value, so the label must not sit on it.
        InputLabelProps={{ shrink: true }}
        fullWidth
        margin="dense"
        variant="outlined"
      >
        {environments.map(env => (
          <option key={env.environment} value={env.environment}>
            {env.type === env.environment
              ? env.environment
              : `${env.environment} (${env.type})`}
          </option>
        ))}
      </TextField>
      <TextField
        id="releases-promotion-version"
        select
        label="Version"
        value={selection.choice}
        onChange={e => onChange({ ...selection, choice: e.target.value })}
        SelectProps={{ native: true }}
        // A native select always shows a value, so the label must not sit on it.
        InputLabelProps={{ shrink: true }}
        fullWidth
        margin="dense"
        variant="outlined"
        helperText={releases ? undefined : 'Loading release tags…'}
      >
        <option value={DEFAULT_VERSION_CHOICE}>
          {preview?.defaultLabel ?? 'Default'}
        </option>
        {(releases ?? []).map(release => (
          <option key={release.tag} value={release.tag}>
            {release.tag}
          </option>
        ))}
        <option value={OTHER_VERSION_CHOICE}>Other version or tag…</option>
      </TextField>
      {typingVersion && (
        <TextField
          id="releases-promotion-other-version"
          label="Version or tag"
          value={selection.otherVersion}
          onChange={e =>
            onChange({ ...selection, otherVersion: e.target.value })
          }
          helperText="X.Y.Z, a tag such as v1.4.0-rc.2, or WIP"
          fullWidth
          margin="dense"
          variant="outlined"
        />
      )}
      {preview && (
        <Box my={2}>
          <Typography variant="body2" paragraph>
            {preview.rule}
          </Typography>
          {preview.expected && (
            <Typography variant="body2">
              Expected version: <code>{preview.expected}</code>
            </Typography>
          )}
        </Box>
      )}
      <Box display="flex" flexDirection="column" gridGap={8} mb={2}>
        {preview?.warning && (
          <Alert severity="warning">{preview.warning}</Alert>
        )}
        {releasesError && (
          <ErrorAlert
            severity="warning"
            title="Release tags could not be read"
            error={releasesError}
          />
        )}
        {error && <ErrorAlert title="Promotion refused" error={error} />}
      </Box>
      {closed && (
        <Typography
          id="releases-promotion-closed"
          variant="body2"
          color="textSecondary"
          paragraph
        >
          Promotions may not start now: {closedReason}
          {mayOverride
            ? ' You may break glass: the promotion starts anyway and your reason is audited.'
            : ' Breaking glass takes the releases.promotion.override permission.'}
        </Typography>
      )}
      <Box display="flex" gridGap={8}>
        <Button
          variant="contained"
          color="primary"
          onClick={() =>
            preview?.jump
              ? setConfirmingJump(true)
              : onPromote({ allowJump: false })
          }
          disabled={!canPromote}
          aria-describedby={closed ? 'releases-promotion-closed' : undefined}
        >
          {submitting ? 'Requesting…' : `Promote to ${selection.target}`}
        </Button>
        {closed && mayOverride && (
          <Button
            variant="outlined"
            color="secondary"
            disabled={!ready}
            onClick={() => setAskingOverride(true)}
          >
            Break glass
          </Button>
        )}
      </Box>
      <ReasonDialog
        open={askingOverride}
        title={`Break glass: promote to ${selection.target} now?`}
        description={`Promotions may not start now: ${
          closedReason ?? ''
        } Breaking glass starts this one anyway.`}
        confirmLabel="Break glass and promote"
        confirmColor="secondary"
        helperText="Required. Audited with the promotion."
        onCancel={() => setAskingOverride(false)}
        onConfirm={reason => {
          setAskingOverride(false);
          if (preview?.jump) {
            setOverride({ reason });
            setConfirmingJump(true);
          } else {
            onPromote({ allowJump: false, override: { reason } });
          }
        }}
      />
      <JumpDialog
        jump={confirmingJump ? preview?.jump ?? undefined : undefined}
        environment={selection.target}
        onCancel={() => {
          setConfirmingJump(false);
          setOverride(undefined);
        }}
        onConfirm={() => {
          setConfirmingJump(false);
          setOverride(undefined);
          onPromote({ allowJump: true, ...(override ? { override } : {}) });
        }}
      />
    </InfoCard>
  );
};
