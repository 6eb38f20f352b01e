import { useId, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { Freeze } from '@releases-for-backstage/plugin-releases-common';
import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ActorName } from '../ActorName';
import { ErrorAlert } from '../ErrorAlert';
import { ReasonDialog } from '../ReasonDialog';
import { formatLocalTime } from '../ReleaseWindow';

/** The freeze of `systemRef` among those in force (references compare case-insensitively). */
export function freezeOf(
  freezes: readonly Freeze[],
  systemRef: string,
): Freeze | undefined {
  const ref = systemRef.toLocaleLowerCase('en-US');
  return freezes.find(f => f.system.toLocaleLowerCase('en-US') === ref);
}

/** @public */
export interface ProductFreezeProps {
  /** The product, e.g. `system:default/shop`. */
  systemRef: string;
  /** How people call the product: its title or name. */
  title: string;
}

/**
 * Whether the promotions of a product are frozen: while they are, an
 * alert with why, who and since when, and "Lift freeze"; otherwise
 * "Freeze promotions". Both ask for a reason; the backend refuses users
 * without `releases.product.freeze`, and its message is shown.
 */
export const ProductFreeze = ({ systemRef, title }: ProductFreezeProps) => {
  const releasesApi = useApi(releasesApiRef);
  const titleId = useId();
  const freezes = useAsyncRetry(() => releasesApi.listFreezes(), [releasesApi]);
  const [asking, setAsking] = useState<'freeze' | 'lift'>();
  const { retry } = freezes;
  const [action, send] = useAsyncFn(
    async (kind: 'freeze' | 'lift', reason: string) => {
      const request = { system: systemRef, reason };
      if (kind === 'freeze') await releasesApi.freeze(request);
      else await releasesApi.liftFreeze(request);
      retry();
      return kind;
    },
    [releasesApi, systemRef, retry],
  );
  // Two quick confirmations must not send twice: the state says "loading"
  // too late. Refused here, since a second call would end the first's state.
  const sending = useRef(false);
  // The last action's kind, for the title of its error.
  const [lastKind, setLastKind] = useState<'freeze' | 'lift'>('freeze');
  const run = (kind: 'freeze' | 'lift', reason: string) => {
    if (sending.current) return;
    sending.current = true;
    setLastKind(kind);
    send(kind, reason).finally(() => {
      sending.current = false;
    });
  };

  if (freezes.error && !freezes.value) {
    return (
      <ErrorAlert
        severity="warning"
        title="Freezes could not be read"
        error={freezes.error}
      />
    );
  }
  if (!freezes.value) return null;

  const freeze = freezeOf(freezes.value.freezes, systemRef);
  const busy = action.loading;

  return (
    <Box display="flex" flexDirection="column" gridGap={8}>
      {freeze ? (
        <Alert
          severity="error"
          role="region"
          aria-labelledby={titleId}
          action={
            <Button
              color="inherit"
              variant="outlined"
              size="small"
              disabled={busy}
              onClick={() => setAsking('lift')}
            >
              {busy ? 'Lifting…' : 'Lift freeze'}
            </Button>
          }
        >
          <AlertTitle id={titleId}>Promotions of {title} are frozen</AlertTitle>
          <Typography variant="body1" component="p">
            {freeze.reason}
          </Typography>
          <Typography variant="body2" component="p">
            Frozen by <ActorName actor={freeze.by} /> since{' '}
            <time dateTime={freeze.at}>{formatLocalTime(freeze.at)}</time>.
          </Typography>
        </Alert>
      ) : (
        <Box display="flex" justifyContent="flex-end">
          <Button
            variant="outlined"
            color="secondary"
            disabled={busy}
            onClick={() => setAsking('freeze')}
          >
            {busy ? 'Freezing…' : 'Freeze promotions'}
          </Button>
        </Box>
      )}
      {action.error && (
        <ErrorAlert
          title={lastKind === 'freeze' ? 'Freeze refused' : 'Lift refused'}
          error={action.error}
        />
      )}
      {freezes.error && (
        <ErrorAlert
          severity="warning"
          title="Freezes could not be read again"
          error={freezes.error}
        />
      )}
      <ReasonDialog
        open={asking === 'freeze'}
        title={`Freeze promotions of ${title}?`}
        description={`Every promotion of ${title} waits until the freeze is lifted; rollbacks still run.`}
        confirmLabel="Freeze"
        confirmColor="secondary"
        helperText="Required. Shown with the freeze and kept in the audit trail."
        onCancel={() => setAsking(undefined)}
        onConfirm={reason => {
          setAsking(undefined);
          run('freeze', reason);
        }}
      />
      <ReasonDialog
        open={asking === 'lift'}
        title={`Lift the freeze of ${title}?`}
        description={`Waiting promotions of ${title} go on once their other gates are met.`}
        confirmLabel="Lift freeze"
        onCancel={() => setAsking(undefined)}
        onConfirm={reason => {
          setAsking(undefined);
          run('lift', reason);
        }}
      />
    </Box>
  );
};
