import { InfoCard } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { Release } from '@releases-for-backstage/plugin-releases-common';
import { RelativeTime } from '../RelativeTime';

const useStyles = makeStyles(theme => ({
  version: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(2),
  },
  fields: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(1),
    margin: 0,
  },
  term: {
    color: theme.palette.text.secondary,
  },
  value: {
    margin: 0,
  },
}));

/** @public */
export interface LatestReleaseCardProps {
  /** The newest release, or `undefined` when the entity has none yet. */
  release: Release | undefined;
}

/** The newest release of an entity: version, tag, date and commit. */
export const LatestReleaseCard = ({ release }: LatestReleaseCardProps) => {
  const classes = useStyles();
  return (
    <InfoCard
      title="Latest release"
      variant="gridItem"
      titleTypographyProps={{ component: 'h2' }}
    >
      {release ? (
        <>
          <div className={classes.version}>
            <Typography variant="h4" component="p">
              {release.version}
            </Typography>
            {release.prerelease && (
              <Chip size="small" label="prerelease" variant="outlined" />
            )}
          </div>
          <dl className={classes.fields}>
            <Typography component="dt" variant="body2" className={classes.term}>
              Tag
            </Typography>
            <Typography
              component="dd"
              variant="body2"
              className={classes.value}
            >
              <code>{release.tag}</code>
            </Typography>
            <Typography component="dt" variant="body2" className={classes.term}>
              Released
            </Typography>
            <Typography
              component="dd"
              variant="body2"
              className={classes.value}
            >
              <RelativeTime value={release.date} />
            </Typography>
            <Typography component="dt" variant="body2" className={classes.term}>
              Commit
            </Typography>
            <Typography
              component="dd"
              variant="body2"
              className={classes.value}
            >
              <code title={release.sha}>{release.sha.slice(0, 7)}</code>
            </Typography>
          </dl>
        </>
      ) : (
        <Typography variant="body2" color="textSecondary">
          No releases yet: the repository has no release tag.
        </Typography>
      )}
    </InfoCard>
  );
};
