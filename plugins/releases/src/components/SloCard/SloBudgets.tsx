import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  SloBudget,
  SloObjectiveSummary,
} from '@releases-for-backstage/plugin-releases-common';

const useStyles = makeStyles(theme => ({
  ok: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  ticket: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  page: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  bar: { flex: 1, minWidth: 80, height: 8, borderRadius: 4 },
}));

/** The burn-rate state in words; no data and source down never read as ok. */
export function budgetStateLabel(state: SloBudget['state']): string {
  switch (state) {
    case 'ok':
      return 'ok';
    case 'ticket':
      return 'burning: ticket';
    case 'page':
      return 'burning fast: page';
    case 'no-data':
      return 'no data';
    default:
      return 'source down';
  }
}

/** Remaining budget in words: `42.5% left`, `exhausted (-10%)`, `no data`. */
export function remainingLabel(remaining: number | null): string {
  if (remaining === null) return 'no data';
  const percent = Number((remaining * 100).toFixed(1));
  return remaining <= 0 ? `exhausted (${percent}%)` : `${percent}% left`;
}

const BudgetRow = ({ budget, name }: { budget: SloBudget; name: string }) => {
  const classes = useStyles();
  const measured = budget.state !== 'no-data' && budget.state !== 'source-down';
  const remaining = measured ? budget.remaining : null;
  const state = budgetStateLabel(budget.state);
  return (
    <Box display="flex" alignItems="center" gridGap={8} mb={1}>
      <Typography variant="body2" style={{ minWidth: 120 }}>
        {name}{' '}
        <Typography variant="caption" color="textSecondary" component="span">
          target {Number((budget.target * 100).toFixed(3))}%
        </Typography>
      </Typography>
      {remaining === null ? (
        <Box flex={1} />
      ) : (
        <LinearProgress
          className={classes.bar}
          variant="determinate"
          value={Math.max(0, Math.min(100, remaining * 100))}
          aria-label={`Error budget left of ${name}`}
          color={remaining <= 0 ? 'secondary' : 'primary'}
        />
      )}
      <Typography variant="body2" style={{ whiteSpace: 'nowrap' }}>
        {remainingLabel(remaining)}
      </Typography>
      <Chip
        size="small"
        label={state}
        variant={measured ? 'default' : 'outlined'}
        className={measured ? classes[budget.state as 'ok'] : undefined}
        aria-label={`Burn rate of ${name}: ${state}`}
      />
    </Box>
  );
};

/** Error budgets of the objectives with a target: what is left, and the burn-rate alert state. */
export const SloBudgets = ({
  budgets,
  objectives,
}: {
  budgets: readonly SloBudget[];
  objectives: readonly SloObjectiveSummary[];
}) => {
  if (budgets.length === 0) return null;
  const nameOf = (metric: string) => {
    const objective = objectives.find(o => o.metric === metric);
    return objective?.displayName ?? metric;
  };
  return (
    <section aria-label="Error budgets">
      <Typography variant="subtitle2" component="h3" gutterBottom>
        Error budgets
      </Typography>
      {budgets.map(budget => (
        <BudgetRow
          key={budget.metric}
          budget={budget}
          name={nameOf(budget.metric)}
        />
      ))}
    </section>
  );
};
