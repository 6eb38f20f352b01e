import {
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import type {
  PromotionGate,
  PromotionGateStatus,
} from '@releases-for-backstage/plugin-releases-common';

const STATUS: Record<
  PromotionGateStatus,
  { Icon: typeof StatusOK; detailPrefix: string }
> = {
  met: { Icon: StatusOK, detailPrefix: '' },
  pending: { Icon: StatusPending, detailPrefix: 'Waits for: ' },
  failed: { Icon: StatusError, detailPrefix: 'Failed: ' },
};

/** @public */
export interface PromotionGatesProps {
  /** The promotion's gates, as the engine last evaluated them. */
  gates: readonly PromotionGate[];
  /** Heading level of the list's title; defaults to 3. */
  headingLevel?: 3 | 4;
  /** Title and accessible name of the list; defaults to `Gates`. */
  title?: string;
}

/**
 * The gates of a promotion: each gate's id, whether it is met, pending
 * (with what it waits for) or failed (with why), and whether it is
 * required. Renders nothing for a promotion without gates. The
 * verification steps after execution have the same shape.
 */
export const PromotionGates = ({
  gates,
  headingLevel = 3,
  title = 'Gates',
}: PromotionGatesProps) => {
  if (gates.length === 0) return null;
  return (
    <>
      <Typography variant="subtitle2" component={`h${headingLevel}`}>
        {title}
      </Typography>
      <List dense disablePadding aria-label={title}>
        {gates.map(gate => {
          const { Icon, detailPrefix } = STATUS[gate.status] ?? STATUS.pending;
          return (
            <ListItem key={gate.id} disableGutters>
              <ListItemIcon style={{ minWidth: 0 }}>
                {/* The status icons hide themselves; this image says what it shows. */}
                <span role="img" aria-label={gate.status}>
                  <Icon />
                </span>
              </ListItemIcon>
              <ListItemText
                primary={
                  <>
                    <code>{gate.id}</code>{' '}
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      component="span"
                    >
                      {gate.required ? 'required' : 'optional'}
                    </Typography>
                  </>
                }
                secondary={
                  gate.detail ? `${detailPrefix}${gate.detail}` : gate.status
                }
              />
            </ListItem>
          );
        })}
      </List>
    </>
  );
};
