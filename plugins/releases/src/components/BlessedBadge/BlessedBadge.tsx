import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import VerifiedUserIcon from '@material-ui/icons/VerifiedUser';
import BlockIcon from '@material-ui/icons/Block';
import {
  releasesReleaseBlessPermission,
  type BlessedRelease,
} from '@releases-for-backstage/plugin-releases-common';
import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { useReleasesEntityPermission } from '../../hooks/useReleasesEntityPermission';
import { actorName } from '../ActorName';
import { ErrorAlert } from '../ErrorAlert';
import { ReasonDialog } from '../ReasonDialog';

const useStyles = makeStyles(theme => ({
  blessed: {
    borderColor: theme.palette.success.main,
    color: theme.palette.success.dark,
  },
  unblessed: {
    textDecoration: 'line-through',
  },
  icon: { color: 'inherit' },
}));

/** Normalized version of a tag or version: `v1.4.0` and `1.4.0` are the same release. */
function sameVersion(a: string, b: string): boolean {
  const strip = (v: string) => v.replace(/^[^0-9]*/, '');
  return strip(a) === strip(b);
}

/** The blessing of `version`, if the backend has one (the latest decides). */
export function blessingOf(
  releases: readonly BlessedRelease[] | undefined,
  version: string | null | undefined,
): BlessedRelease | undefined {
  if (!releases || !version) return undefined;
  return releases
    .filter(r => sameVersion(r.version, version))
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
}

/** @public */
export interface BlessedBadgeProps {
  blessing?: BlessedRelease;
}

/**
 * "blessed" on a release that passed its required results and votes, with
 * why and by whom in the tooltip; "un-blessed", struck through, on one a
 * person took the blessing from. Nothing for other releases.
 */
export const BlessedBadge = ({ blessing }: BlessedBadgeProps) => {
  const classes = useStyles();
  if (!blessing) return null;
  const why = `${blessing.reason} (${actorName(blessing.by)}, ${new Date(
    blessing.at,
  ).toLocaleString()})`;
  return blessing.blessed ? (
    <Chip
      size="small"
      variant="outlined"
      className={classes.blessed}
      icon={<VerifiedUserIcon className={classes.icon} aria-hidden />}
      label="blessed"
      title={`Blessed: ${why}`}
    />
  ) : (
    <Chip
      size="small"
      variant="outlined"
      icon={<BlockIcon aria-hidden />}
      label={<span className={classes.unblessed}>blessed</span>}
      aria-label={`un-blessed: ${blessing.reason}`}
      title={`Un-blessed: ${why}`}
    />
  );
};

/** @public */
export interface UnblessActionProps {
  entityRef: string;
  blessing: BlessedRelease;
  /** Called with the un-blessed release once the backend answered. */
  onUnblessed: (release: BlessedRelease) => void;
}

/**
 * Un-bless, for users who hold `releases.release.bless` on the entity (the
 * button is not there for others): asks why, then stops the release from
 * being promoted further.
 */
export const UnblessAction = ({
  entityRef,
  blessing,
  onUnblessed,
}: UnblessActionProps) => {
  const releasesApi = useApi(releasesApiRef);
  const permission = useReleasesEntityPermission(
    releasesReleaseBlessPermission,
    entityRef,
  );
  const [open, setOpen] = useState(false);
  const [state, unbless] = useAsyncFn(
    async (reason: string) => {
      const release = await releasesApi.unbless({
        entityRef,
        version: blessing.version,
        reason,
      });
      onUnblessed(release);
      return release;
    },
    [releasesApi, entityRef, blessing.version, onUnblessed],
  );
  if (!blessing.blessed || !permission.allowed) return null;
  return (
    <Box display="inline-flex" flexDirection="column" gridGap={8}>
      <Box>
        <Button
          size="small"
          variant="outlined"
          color="secondary"
          disabled={state.loading}
          onClick={() => setOpen(true)}
        >
          {state.loading ? 'Un-blessing…' : `Un-bless ${blessing.version}`}
        </Button>
      </Box>
      {state.error && (
        <ErrorAlert title="Un-bless failed" error={state.error} />
      )}
      <ReasonDialog
        open={open}
        title={`Un-bless ${blessing.version}?`}
        description={`${blessing.version} will not be promoted further. Blessed because: ${blessing.reason}.`}
        confirmLabel="Un-bless"
        confirmColor="secondary"
        onCancel={() => setOpen(false)}
        onConfirm={reason => {
          setOpen(false);
          unbless(reason);
        }}
      />
    </Box>
  );
};
