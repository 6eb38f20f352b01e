import { useMemo } from 'react';
import { InfoCard, Progress } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type {
  EntityReleasesResponse,
  EnvironmentStatus,
  UnreleasedChangesResponse,
} from '@releases-for-backstage/plugin-releases-common';
import { changesBetween, type ChangeSource } from '../../promotions';
import { ChangelogView, countChanges } from '../ChangelogView';

/** @public */
export interface PromotionChangesCardProps {
  /** The environment promoted into. */
  target?: EnvironmentStatus;
  /** Where the promoted version comes from; null when it is not known. */
  source: ChangeSource | null;
  releases?: EntityReleasesResponse;
  unreleased?: UnreleasedChangesResponse;
}

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * "What changes": the changelog between what the target environment runs
 * and the version a promotion would bring, from the changelogs of the
 * releases in between.
 */
export const PromotionChangesCard = ({
  target,
  source,
  releases,
  unreleased,
}: PromotionChangesCardProps) => {
  const changes = useMemo(
    () =>
      target && source && releases
        ? changesBetween({
            environment: target.environment,
            current: target.version,
            source,
            releases: releases.releases,
            tagPrefix: releases.tagPrefix,
            unreleased: unreleased?.changelog,
          })
        : undefined,
    [target, source, releases, unreleased],
  );

  let content;
  if (!target || !source) {
    content = (
      <Typography variant="body2" color="textSecondary">
        Pick a version to see what changes.
      </Typography>
    );
  } else if (!changes) {
    content = <Progress />;
  } else if (changes.kind === 'unknown') {
    content = (
      <Typography variant="body2" color="textSecondary">
        {changes.message}
      </Typography>
    );
  } else {
    const to =
      source.kind === 'tag' ? source.tag : 'the head of the release branch';
    const parts = [
      changes.releases.length > 0 &&
        `${plural(changes.releases.length, 'release')} (${changes.releases.join(
          ', ',
        )})`,
      changes.unreleased && 'unreleased commits',
    ].filter(Boolean);
    content = (
      <>
        <Typography variant="body2" paragraph>
          From {target.version} to {to} in {target.environment}:{' '}
          {plural(countChanges(changes.changelog), 'change')}
          {parts.length > 0 && ` from ${parts.join(' and ')}`}.
        </Typography>
        <ChangelogView
          changelog={changes.changelog}
          headingLevel={3}
          emptyMessage="No changes recorded between these versions."
        />
      </>
    );
  }

  return (
    <InfoCard
      title="What changes"
      variant="gridItem"
      titleTypographyProps={{ component: 'h2' }}
    >
      {content}
    </InfoCard>
  );
};
