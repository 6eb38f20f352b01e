import { useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Popover from '@material-ui/core/Popover';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ErrorIcon from '@material-ui/icons/Error';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import WarningIcon from '@material-ui/icons/Warning';
import {
  RISK_LABEL_NAMES,
  RISK_LEVELS,
  type ChangeRisk,
  type RiskLabelName,
  type RiskLevel,
} from '@releases-for-backstage/plugin-releases-common';

const useStyles = makeStyles(theme => ({
  low: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  medium: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  high: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  icon: { color: 'inherit' },
  paper: { padding: theme.spacing(2), maxWidth: 640 },
  change: {
    '& + &': { marginTop: theme.spacing(2) },
  },
}));

const ICONS: Record<RiskLevel, typeof ErrorIcon> = {
  low: CheckCircleIcon,
  medium: WarningIcon,
  high: ErrorIcon,
};

/** Highest level of some changes; `low` when there are none. */
export function highestRisk(
  changes: readonly { level: RiskLevel }[],
): RiskLevel {
  return changes.reduce<RiskLevel>(
    (max, c) =>
      RISK_LEVELS.indexOf(c.level) > RISK_LEVELS.indexOf(max) ? c.level : max,
    'low',
  );
}

/** A label value for people: `40%`, `yes`, `L`. */
export function formatLabelValue(
  label: RiskLabelName,
  value: string | number | boolean | null | undefined,
): string {
  if (value === null || value === undefined) return 'unknown';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (label === 'ft-coverage') return `${value}%`;
  return String(value);
}

function signed(points: number): string {
  return points < 0 ? `${points}` : `+${points}`;
}

/** Why one change has its level: each label with value, source and points, and the hard rule. */
export const ChangeRiskExplanation = ({ change }: { change: ChangeRisk }) => {
  const classes = useStyles();
  const headingId = useId();
  const rule =
    change.hardRule &&
    change.reasons.find(r => r.startsWith(`hard rule ${change.hardRule}:`));
  return (
    <section aria-labelledby={headingId} className={classes.change}>
      <Typography id={headingId} variant="subtitle2" component="h3">
        {change.id.startsWith('#') ? change.id : change.id.slice(0, 7)}{' '}
        {change.title}: {change.level} risk, {change.points} points
      </Typography>
      <Table size="small" aria-label={`Risk labels of ${change.id}`}>
        <TableHead>
          <TableRow>
            <TableCell>Label</TableCell>
            <TableCell>Value</TableCell>
            <TableCell>Source</TableCell>
            <TableCell align="right">Points</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {RISK_LABEL_NAMES.map(label => {
            const known = change.labels[label];
            const contribution = change.contributions.find(
              c => c.label === label,
            );
            const countedAs = contribution?.countedAs;
            return (
              <TableRow key={label}>
                <TableCell component="th" scope="row">
                  {label}
                </TableCell>
                <TableCell>
                  {known
                    ? formatLabelValue(label, known.value)
                    : `unknown${
                        countedAs !== undefined
                          ? `, counted as ${formatLabelValue(label, countedAs)}`
                          : ''
                      }`}
                </TableCell>
                <TableCell>{known ? known.source : 'unknown'}</TableCell>
                <TableCell align="right">
                  {contribution ? signed(contribution.points) : '–'}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {change.unknown.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          Unknown: {change.unknown.join(', ')}
        </Typography>
      )}
      {change.hardRule && (
        <Typography variant="body2">
          <strong>Decided by hard rule {change.hardRule}</strong>
          {rule
            ? `: ${rule.slice(`hard rule ${change.hardRule}: `.length)}`
            : ''}
        </Typography>
      )}
    </section>
  );
};

/** @public */
export interface RiskChipProps {
  /** The level to show: a change's, or the highest of a release's changes. */
  level: RiskLevel;
  /** The changes the level comes from, explained when the chip is clicked. */
  changes: readonly ChangeRisk[];
  /** What the risk is of, for the accessible name: `#12`, `1.4.0`. */
  subject: string;
}

/**
 * A change's or release's risk as a chip: colour, icon and the word
 * ("medium risk"), never colour alone. A click opens why: per change, each
 * label with its value and where it came from (unknown ones named), the
 * points each input added, and the hard rule if one decided the level.
 */
export const RiskChip = ({ level, changes, subject }: RiskChipProps) => {
  const classes = useStyles();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const titleId = useId();
  const Icon = ICONS[level];
  const sorted = [...changes].sort(
    (a, b) => RISK_LEVELS.indexOf(b.level) - RISK_LEVELS.indexOf(a.level),
  );
  return (
    <>
      <Chip
        size="small"
        className={classes[level]}
        icon={<Icon className={classes.icon} aria-hidden />}
        label={`${level} risk`}
        aria-label={`${level} risk of ${subject}`}
        aria-haspopup="dialog"
        aria-expanded={Boolean(anchor)}
        onClick={event => {
          // Inside a table row, the click must not also toggle the row.
          event.stopPropagation();
          setAnchor(event.currentTarget);
        }}
      />
      <Popover
        open={Boolean(anchor)}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        onClick={event => event.stopPropagation()}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
        PaperProps={
          {
            className: classes.paper,
            role: 'dialog',
            'aria-labelledby': titleId,
          } as object
        }
      >
        <Typography id={titleId} variant="h6" component="h2">
          Why {subject} is {level} risk
        </Typography>
        <Box mt={1}>
          {sorted.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              No changes with risk labels.
            </Typography>
          ) : (
            sorted.map(change => (
              <ChangeRiskExplanation key={change.id} change={change} />
            ))
          )}
        </Box>
      </Popover>
    </>
  );
};
