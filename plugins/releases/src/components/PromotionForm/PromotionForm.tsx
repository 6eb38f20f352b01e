import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type {
  EnvironmentStatus,
  Release,
} from '@releases-for-backstage/plugin-releases-common';
import type { PromotionPreview } from '../../promotions';
import { ErrorAlert } from '../ErrorAlert';

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
  onPromote: () => void;
}

/**
 * Target environment and version of a promotion, the rule of the target's
 * environment type explained, and the Promote button.
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
  onPromote,
}: PromotionFormProps) => {
  const typingVersion = selection.choice === OTHER_VERSION_CHOICE;
  const canPromote =
    !submitting && (!typingVersion || selection.otherVersion.trim() !== '');
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
      <Button
        variant="contained"
        color="primary"
        onClick={onPromote}
        disabled={!canPromote}
      >
        {submitting ? 'Requesting…' : `Promote to ${selection.target}`}
      </Button>
    </InfoCard>
  );
};
