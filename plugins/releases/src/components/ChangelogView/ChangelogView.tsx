import { Fragment, useId } from 'react';
import type { ReactNode } from 'react';
import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  Changelog,
  ChangelogEntry,
  ChangelogSection,
  ChangelogSectionId,
} from '@releases-for-backstage/plugin-releases-common';

/** Display order of the sections: breaking changes always come first. */
const SECTION_ORDER: ChangelogSectionId[] = [
  'breaking',
  'features',
  'fixes',
  'performance',
  'reverts',
  'other',
];

const useStyles = makeStyles(theme => ({
  section: {
    '& + &': {
      marginTop: theme.spacing(2),
    },
  },
  heading: {
    marginBottom: theme.spacing(0.5),
  },
  list: {
    margin: 0,
    paddingLeft: theme.spacing(3),
  },
  entry: {
    marginBottom: theme.spacing(0.5),
  },
  sha: {
    fontFamily: 'monospace',
    marginLeft: theme.spacing(1),
  },
  note: {
    display: 'block',
    whiteSpace: 'pre-wrap',
  },
}));

/** @public */
export type ChangelogHeadingLevel = 2 | 3 | 4 | 5 | 6;

/** @public */
export interface ChangelogViewProps {
  /** The changelog to render. */
  changelog: Changelog;
  /**
   * HTML heading level of the section titles ("Breaking changes",
   * "Features", ...). Defaults to 3, below the title of a card.
   */
  headingLevel?: ChangelogHeadingLevel;
  /** Shown instead of the sections when the changelog has no entries. */
  emptyMessage?: ReactNode;
}

/** Sections in display order, empty ones dropped. */
export function orderedSections(changelog: Changelog): ChangelogSection[] {
  const rank = (id: ChangelogSectionId) => {
    const index = SECTION_ORDER.indexOf(id);
    return index === -1 ? SECTION_ORDER.length : index;
  };
  return changelog.sections
    .filter(section => section.entries.length > 0)
    .map((section, index) => ({ section, index }))
    .sort(
      (a, b) => rank(a.section.id) - rank(b.section.id) || a.index - b.index,
    )
    .map(({ section }) => section);
}

/** Number of entries over all sections of a changelog. */
export function countChanges(changelog: Changelog): number {
  return changelog.sections.reduce(
    (sum, section) => sum + section.entries.length,
    0,
  );
}

const Entry = ({ entry }: { entry: ChangelogEntry }) => {
  const classes = useStyles();
  const note =
    entry.breakingNote && entry.breakingNote !== entry.description
      ? entry.breakingNote
      : undefined;
  return (
    <li className={classes.entry}>
      <Typography variant="body2" component="span">
        {entry.scope && (
          <Fragment>
            <strong>{entry.scope}:</strong>{' '}
          </Fragment>
        )}
        {entry.description}
        {entry.url ? (
          <Link
            to={entry.url}
            className={classes.sha}
            title={`Commit ${entry.sha}`}
          >
            {entry.shortSha}
          </Link>
        ) : (
          <code className={classes.sha} title={`Commit ${entry.sha}`}>
            {entry.shortSha}
          </code>
        )}
      </Typography>
      {note && (
        <Typography
          variant="body2"
          color="textSecondary"
          component="span"
          className={classes.note}
        >
          {note}
        </Typography>
      )}
    </li>
  );
};

const Section = ({
  section,
  headingLevel,
}: {
  section: ChangelogSection;
  headingLevel: ChangelogHeadingLevel;
}) => {
  const classes = useStyles();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={classes.section}>
      <Typography
        id={headingId}
        variant="subtitle1"
        component={`h${headingLevel}`}
        className={classes.heading}
      >
        {section.title}
      </Typography>
      <ul className={classes.list}>
        {section.entries.map(entry => (
          <Entry key={`${section.id}-${entry.sha}`} entry={entry} />
        ))}
      </ul>
    </section>
  );
};

/**
 * Renders a changelog: one headed section per kind of change ("Breaking
 * changes" first, then "Features", "Bug fixes", ...), each listing its
 * commits with scope, description, breaking-change note and commit link.
 *
 * @public
 */
export const ChangelogView = ({
  changelog,
  headingLevel = 3,
  emptyMessage = 'No changes.',
}: ChangelogViewProps) => {
  const sections = orderedSections(changelog);
  if (sections.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {emptyMessage}
      </Typography>
    );
  }
  return (
    <Box>
      {sections.map(section => (
        <Section
          key={section.id}
          section={section}
          headingLevel={headingLevel}
        />
      ))}
    </Box>
  );
};
