import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  RiskResponse,
  UnreleasedChangesResponse,
} from '@releases-for-backstage/plugin-releases-common';
import { ChangelogView } from '../ChangelogView';
import { RiskChip } from '../RiskChip/RiskChip';
import { changeRiskOf } from '../RiskChip/useRisk';

const useStyles = makeStyles(theme => ({
  versions: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  summary: {
    marginTop: theme.spacing(1),
    marginBottom: theme.spacing(2),
  },
}));

/** @public */
export interface NextVersionCardProps {
  unreleased: UnreleasedChangesResponse;
  /** Risk of the unreleased commits (`version=next`), once read. */
  risk?: RiskResponse;
}

function commitsSummary(unreleased: UnreleasedChangesResponse): string {
  const commits = `${unreleased.commits} ${
    unreleased.commits === 1 ? 'commit' : 'commits'
  }`;
  return unreleased.currentTag
    ? `${commits} since ${unreleased.currentTag}`
    : `${commits}, no release yet`;
}

/**
 * What the next release would be: current and next version with the kind
 * of bump, the risk of the unreleased commits (the highest of their
 * changes) and their changelog, each change with its risk.
 */
export const NextVersionCard = ({ unreleased, risk }: NextVersionCardProps) => {
  const classes = useStyles();
  const { current, next, bump } = unreleased;
  return (
    <InfoCard
      title="Next version"
      variant="gridItem"
      titleTypographyProps={{ component: 'h2' }}
    >
      {next ? (
        <Box className={classes.versions}>
          <Typography variant="h4" component="p">
            {current ? `${current} → ${next}` : next}
          </Typography>
          {bump && <Chip size="small" color="primary" label={bump} />}
          {risk && risk.changes.length > 0 && (
            <RiskChip
              level={risk.level}
              changes={risk.changes}
              subject="the unreleased commits"
            />
          )}
        </Box>
      ) : (
        <Typography variant="h5" component="p">
          Nothing to release
        </Typography>
      )}
      <Typography
        variant="body2"
        color="textSecondary"
        className={classes.summary}
      >
        {commitsSummary(unreleased)}
      </Typography>
      <ChangelogView
        changelog={unreleased.changelog}
        emptyMessage="No unreleased commits."
        riskOf={risk ? entry => changeRiskOf(risk, entry) : undefined}
      />
    </InfoCard>
  );
};
