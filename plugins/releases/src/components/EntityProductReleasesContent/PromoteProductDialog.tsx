/*
 * Promotes every component of a product release into one environment:
 * choose the environment, give a reason, then see the product promotion
 * and each component's promotion. Server errors stay in the dialog.
 */
import { useId, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
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
import AlertTitle from '@material-ui/lab/AlertTitle';
import type {
  ProductEnvironment,
  ProductPromotion,
} from '@releases-for-backstage/plugin-releases-common';
import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';
import { newIdempotencyKey } from '../../promotions/idempotencyKey';
import { errorMessage } from '../ErrorAlert';
import { ProductPromotionMembers } from './ProductPromotionMembers';
import { ProductPromotionStateChip } from './ProductPromotionState';

/** What an environment runs, in words, for the dialog. */
function runs(product: string, env: ProductEnvironment | undefined): string {
  if (!env) return '';
  if (env.product) {
    return `${env.environment} runs ${product} ${env.product.version}.`;
  }
  if (env.mixed) {
    return `${env.environment} runs versions that match no product release.`;
  }
  return `${env.environment} runs nothing yet.`;
}

/** The first environment that does not run this version yet. */
function defaultEnvironment(
  environments: ProductEnvironment[],
  version: string,
): string {
  const next = environments.find(env => env.product?.version !== version);
  return (next ?? environments[0])?.environment ?? '';
}

export interface PromoteProductDialogProps {
  /** `system:default/shop` */
  system: string;
  /** The product's name, e.g. `shop`. */
  product: string;
  /** The product release, e.g. `2.2.0`. */
  version: string;
  /** The environments to choose from, in order; undefined while loading. */
  environments: ProductEnvironment[] | undefined;
  /** Why the environments could not be read. */
  environmentsError?: Error;
  /**
   * The environment to offer first, when it is one of `environments`;
   * otherwise the first that does not run the version yet.
   */
  environment?: string;
  /**
   * The latest product promotions as the page reads them (again while one
   * runs): the result shows the newest state of the one created here.
   */
  latest?: ProductPromotion[];
  onPromoted: (promotion: ProductPromotion) => void;
  onClose: () => void;
}

/**
 * Mounted once per opening, so that the idempotency key is one per
 * opening: a retry after a lost answer does not promote twice.
 */
export const PromoteProductDialog = ({
  system,
  product,
  version,
  environments,
  environmentsError,
  environment: preselected,
  latest,
  onPromoted,
  onClose,
}: PromoteProductDialogProps) => {
  const api = useApi(releasesApiRef);
  const idPrefix = useId();
  const idempotencyKey = useRef(newIdempotencyKey());
  const [chosen, setChosen] = useState<string>();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<ProductPromotion>();
  const result = created && (latest?.find(p => p.id === created.id) ?? created);
  // State updates land after a re-render; a second click may come first.
  const sending = useRef(false);

  const options = environments ?? [];
  const environment =
    chosen ??
    (preselected && options.some(env => env.environment === preselected)
      ? preselected
      : defaultEnvironment(options, version));
  const title = `Promote ${product} ${version}`;

  const submit = async () => {
    if (sending.current || !environment || result) return;
    sending.current = true;
    setBusy(true);
    setError(undefined);
    const trimmed = reason.trim();
    try {
      const promotion = await api.promoteProductRelease({
        system,
        version,
        environment,
        ...(trimmed ? { reason: trimmed } : {}),
        idempotencyKey: idempotencyKey.current,
      });
      setCreated(promotion);
      onPromoted(promotion);
    } catch (e) {
      // The backend answered and refused: nothing was created, so a new
      // attempt (say, to another environment) is a new request. Without an
      // answer the key stays, in case the first one got through.
      if ((e as { statusCode?: unknown }).statusCode !== undefined) {
        idempotencyKey.current = newIdempotencyKey();
      }
      setError(e as Error);
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      aria-labelledby={`${idPrefix}-title`}
      fullWidth
      maxWidth="md"
    >
      <form
        onSubmit={e => {
          e.preventDefault();
          submit();
        }}
      >
        <DialogTitle id={`${idPrefix}-title`}>{title}</DialogTitle>
        <DialogContent>
          {result ? (
            <>
              <Box display="flex" alignItems="center" gridGap={8} mb={1}>
                <Typography variant="body1" component="p">
                  Product promotion {result.id.slice(0, 8)} of {product}{' '}
                  {result.version} to {result.environment}:
                </Typography>
                <ProductPromotionStateChip state={result.state} />
              </Box>
              {result.reason && (
                <Typography variant="body2" paragraph>
                  {result.reason}
                </Typography>
              )}
              <ProductPromotionMembers promotion={result} />
            </>
          ) : (
            <>
              <DialogContentText>
                Moves every component of {product} {version} into the
                environment in one commit, all or nothing. Each component gets
                its own promotion, with its gates.
              </DialogContentText>
              {environmentsError && (
                <Alert severity="error">
                  <AlertTitle>The environments could not be read</AlertTitle>
                  {errorMessage(environmentsError)}
                </Alert>
              )}
              <TextField
                id={`${idPrefix}-environment`}
                select
                SelectProps={{ native: true }}
                label="Environment"
                value={environment}
                onChange={e => setChosen(e.target.value)}
                disabled={busy || options.length === 0}
                helperText={runs(
                  product,
                  options.find(env => env.environment === environment),
                )}
                fullWidth
                variant="outlined"
                margin="dense"
              >
                {options.map(env => (
                  <option key={env.environment} value={env.environment}>
                    {env.environment}
                  </option>
                ))}
              </TextField>
              <TextField
                id={`${idPrefix}-reason`}
                label="Reason (optional)"
                value={reason}
                onChange={e => setReason(e.target.value)}
                disabled={busy}
                // As much as the backend keeps.
                inputProps={{ maxLength: 1000 }}
                helperText="Kept with the promotion and in the audit trail."
                fullWidth
                multiline
                variant="outlined"
                margin="dense"
              />
            </>
          )}
          {error && (
            <Box mt={2}>
              <Alert severity="error">
                <AlertTitle>
                  {(error as { statusCode?: number }).statusCode === 403
                    ? `Not allowed to promote every component of ${product}`
                    : `${product} ${version} was not promoted`}
                </AlertTitle>
                {errorMessage(error)}
              </Alert>
            </Box>
          )}
        </DialogContent>
        <DialogActions>
          {result ? (
            <Button onClick={onClose} color="primary">
              Close
            </Button>
          ) : (
            <>
              <Button onClick={onClose} disabled={busy}>
                Cancel
              </Button>
              <Button
                type="submit"
                color="primary"
                variant="contained"
                disabled={busy || !environment}
              >
                {environment ? `Promote to ${environment}` : 'Promote'}
              </Button>
            </>
          )}
        </DialogActions>
      </form>
    </Dialog>
  );
};
