import { Fragment, useId } from 'react';
import type { ReactNode } from 'react';
import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  ChangeRisk,
  Changelog,
  ChangelogEntry,
  ChangelogSection,
  ChangelogSectionId,
} from '@releases-for-backstage/plugin-releases-common';
import { RiskChip } from '../RiskChip/RiskChip';

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
  risk: {
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
  /**
   * The risk of the change an entry belongs to, when it is known: the
   * entry then shows a risk chip.
   */
  riskOf?: (entry: ChangelogEntry) => ChangeRisk | undefined;
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

const Entry = ({
  entry,
  risk,
}: {
  entry: ChangelogEntry;
  risk?: ChangeRisk;
}) => {
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
        {risk && (
          <span className={classes.risk}>
            <RiskChip
              level={risk.level}
              changes={[risk]}
              subject={risk.id.startsWith('#') ? risk.id : entry.shortSha}
            />
          </span>
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
  riskOf,
}: {
  section: ChangelogSection;
  headingLevel: ChangelogHeadingLevel;
  riskOf?: ChangelogViewProps['riskOf'];
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
          <Entry
            key={`${section.id}-${entry.sha}`}
            entry={entry}
            risk={riskOf?.(entry)}
          />
        ))}
      </ul>
    </section>
  );
};

/**
 * Renders a changelog: one headed section per kind of change ("Breaking
 * changes" first, then "Features", "Bug fixes", ...), each listing its
 * commits with scope, description, breaking-change note and commit link,
 * and the change's risk where `riskOf` knows it.
 *
 * @public
 */
export const ChangelogView = ({
  changelog,
  headingLevel = 3,
  emptyMessage = 'No changes.',
  riskOf,
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
          riskOf={riskOf}
        />
      ))}
    </Box>
  );
};
