import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { Release } from '@releases-for-backstage/plugin-releases-common';
import { bySemVerDescending, latestFinalRelease } from '../../releases';
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
  /** The releases of the entity, in any order. */
  releases: Release[];
  /** Tag prefix of the entity's release tags, e.g. `v`. */
  tagPrefix: string;
}

/**
 * The latest release of an entity, as GitHub picks it: the newest final
 * release by SemVer precedence (never a prerelease, whatever its date),
 * with its tag, date and commit.
 */
export const LatestReleaseCard = ({
  releases,
  tagPrefix,
}: LatestReleaseCardProps) => {
  const classes = useStyles();
  const release = latestFinalRelease(releases, tagPrefix);
  const newestPrerelease = release
    ? undefined
    : [...releases].sort(bySemVerDescending)[0];
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
          {newestPrerelease ? (
            <>
              No final release yet: the newest tag is the prerelease{' '}
              <code>{newestPrerelease.tag}</code>.
            </>
          ) : (
            'No releases yet: the repository has no release tag.'
          )}
        </Typography>
      )}
    </InfoCard>
  );
};
