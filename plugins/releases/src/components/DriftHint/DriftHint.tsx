import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import WarningIcon from '@material-ui/icons/ReportProblemOutlined';
import type { Drift } from '../../environments';

const useStyles = makeStyles(theme => ({
  hint: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    color: theme.palette.warning.dark,
  },
  icon: {
    fontSize: '1rem',
  },
}));

/**
 * Says that an environment runs an older version than the one before it,
 * e.g. "behind qa (v1.5.0-rc.1)".
 */
export const DriftHint = ({ drift }: { drift: Drift }) => {
  const classes = useStyles();
  return (
    <Typography
      variant="caption"
      component="span"
      className={classes.hint}
      title={`${drift.environment} runs ${drift.version}, older than ${drift.behindVersion} in ${drift.behind}`}
    >
      <WarningIcon className={classes.icon} aria-hidden="true" />
      behind {drift.behind} ({drift.behindVersion})
    </Typography>
  );
};
