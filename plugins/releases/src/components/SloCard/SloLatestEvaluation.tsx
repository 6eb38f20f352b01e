import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  SloEvaluationRecord,
  StoredSloIndicator,
  StoredSloTarget,
} from '@releases-for-backstage/plugin-releases-common';
import { axisTime } from './SloObjectiveChart';
import { gapOf } from './sloChartData';

const useStyles = makeStyles(theme => ({
  pass: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  warning: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  fail: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  info: {},
  violated: { color: theme.palette.error.main },
  targets: { margin: 0, padding: 0, listStyle: 'none', whiteSpace: 'nowrap' },
}));

/** A result for people: `no data`, never a score, when nothing had a value. */
export function resultLabel(result: SloEvaluationRecord['result']): string {
  return result === 'no-data' ? 'no data' : result;
}

function formatNumber(value: number | null): string {
  return value === null ? '–' : `${Number(value.toFixed(3))}`;
}

const Targets = ({ targets }: { targets: StoredSloTarget[] }) => {
  const classes = useStyles();
  if (targets.length === 0) return <>–</>;
  return (
    <ul className={classes.targets}>
      {targets.map((t, i) => (
        <li key={`${t.criteria}-${i}`}>
          <code>{t.criteria}</code>
          {/* A relative criterion's number comes from the baseline: say it. */}
          {t.criteria.includes('%') &&
            t.targetValue !== null &&
            ` (${formatNumber(t.targetValue)})`}
          {t.violated && <span className={classes.violated}> violated</span>}
        </li>
      ))}
    </ul>
  );
};

const IndicatorRow = ({ indicator }: { indicator: StoredSloIndicator }) => {
  const gap = gapOf(indicator);
  const name = indicator.displayName ?? indicator.metric;
  return (
    <TableRow>
      <TableCell component="th" scope="row" title={indicator.query}>
        {name}
        {indicator.keySli && (
          <Typography variant="caption" component="span" color="primary">
            {' '}
            key
          </Typography>
        )}
      </TableCell>
      <TableCell>{gap ?? formatNumber(indicator.value)}</TableCell>
      <TableCell>{formatNumber(indicator.comparedValue)}</TableCell>
      <TableCell>
        <Targets targets={indicator.passTargets} />
      </TableCell>
      <TableCell>
        <Targets targets={indicator.warningTargets} />
      </TableCell>
      <TableCell>{gap ?? indicator.status}</TableCell>
    </TableRow>
  );
};

/**
 * The newest evaluation: its result and score (none for `no data`), and
 * each indicator with value, baseline and targets; an indicator's
 * resolved query as its title.
 */
export const SloLatestEvaluation = ({
  evaluation,
}: {
  evaluation: SloEvaluationRecord;
}) => {
  const classes = useStyles();
  const label = resultLabel(evaluation.result);
  return (
    <section aria-label="Latest evaluation">
      <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={8}>
        <Typography variant="subtitle2" component="h3">
          Latest evaluation
        </Typography>
        <Chip
          size="small"
          label={label}
          variant={evaluation.result === 'no-data' ? 'outlined' : 'default'}
          className={
            evaluation.result === 'no-data'
              ? undefined
              : classes[evaluation.result]
          }
          aria-label={`Result: ${label}`}
        />
        {evaluation.score !== null && evaluation.result !== 'no-data' && (
          <Typography variant="body2">
            score {Number(evaluation.score.toFixed(1))}%
          </Typography>
        )}
        {evaluation.keySliFailed && (
          <Typography variant="body2" color="error">
            a key objective failed
          </Typography>
        )}
        <Typography variant="caption" color="textSecondary">
          {axisTime(evaluation.windowEnd)} UTC
          {evaluation.version ? `, ${evaluation.version}` : ''}, from{' '}
          {evaluation.source}
        </Typography>
      </Box>
      <Table size="small" aria-label="Indicators of the latest evaluation">
        <TableHead>
          <TableRow>
            <TableCell>Objective</TableCell>
            <TableCell>Value</TableCell>
            <TableCell>Baseline</TableCell>
            <TableCell>Pass</TableCell>
            <TableCell>Warning</TableCell>
            <TableCell>Status</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {evaluation.indicators.map(indicator => (
            <IndicatorRow key={indicator.metric} indicator={indicator} />
          ))}
        </TableBody>
      </Table>
    </section>
  );
};
