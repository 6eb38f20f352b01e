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
  { Icon: typeof StatusOK; word: string; detailPrefix: string }
> = {
  met: { Icon: StatusOK, word: 'Met', detailPrefix: 'Met: ' },
  pending: {
    Icon: StatusPending,
    word: 'Pending',
    detailPrefix: 'Pending. Waits for: ',
  },
  failed: { Icon: StatusError, word: 'Failed', detailPrefix: 'Failed: ' },
};

/**
 * What each gate the engine knows requires, for people. A gate of a module
 * (an id not listed) shows its id and detail only.
 */
export const GATE_REQUIREMENTS: Readonly<Record<string, string>> = {
  risk: 'The risk of the changes decides which further gates apply.',
  smoke: 'Smoke tests of the version passed.',
  'toggle-results':
    'Tests of feature-toggled changes passed with the toggle on and with it off.',
  approval:
    'A person other than the requester approves (releases.promotion.approve).',
  votes: 'Every required role votes go; a single no-go stops the promotion.',
  window: 'A release window is open and the product is not frozen.',
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
 * The gates of a promotion: for each gate what it requires, whether it is
 * met, pending (with what it waits for) or failed (with why), and whether
 * it is required (blocks the promotion) or advisory (only reports). Renders
 * nothing for a promotion without gates. The verification steps after
 * execution have the same shape.
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
          const { Icon, word, detailPrefix } =
            STATUS[gate.status] ?? STATUS.pending;
          const requirement = GATE_REQUIREMENTS[gate.id];
          return (
            <ListItem key={gate.id} disableGutters alignItems="flex-start">
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
                      {gate.required
                        ? 'required'
                        : 'advisory: does not block the promotion'}
                    </Typography>
                  </>
                }
                secondaryTypographyProps={{ component: 'div' }}
                secondary={
                  <>
                    {requirement && (
                      <Typography
                        variant="body2"
                        color="textSecondary"
                        component="span"
                        style={{ display: 'block' }}
                      >
                        Requires: {requirement}
                      </Typography>
                    )}
                    <Typography
                      variant="body2"
                      component="span"
                      style={{ display: 'block' }}
                    >
                      {gate.detail ? `${detailPrefix}${gate.detail}` : word}
                    </Typography>
                  </>
                }
              />
            </ListItem>
          );
        })}
      </List>
    </>
  );
};
