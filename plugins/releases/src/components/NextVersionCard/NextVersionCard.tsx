import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { UnreleasedChangesResponse } from '@releases-for-backstage/plugin-releases-common';
import { ChangelogView } from '../ChangelogView';

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
 * of bump, and the changelog of the unreleased commits.
 */
export const NextVersionCard = ({ unreleased }: NextVersionCardProps) => {
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
      />
    </InfoCard>
  );
};
