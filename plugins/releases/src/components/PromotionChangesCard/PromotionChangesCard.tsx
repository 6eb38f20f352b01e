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
import { RiskChip, highestRisk } from '../RiskChip/RiskChip';
import { useMergedRisk, type RiskLoader } from '../RiskChip/useRisk';

/** @public */
export interface PromotionChangesCardProps {
  /** The environment promoted into. */
  target?: EnvironmentStatus;
  /** Where the promoted version comes from; null when it is not known. */
  source: ChangeSource | null;
  releases?: EntityReleasesResponse;
  unreleased?: UnreleasedChangesResponse;
  /** Reads the risk of a version: with it, the changes show their risk. */
  riskLoader?: RiskLoader;
}

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * "What changes": the changelog between what the target environment runs
 * and the version a promotion would bring, from the changelogs of the
 * releases in between, with the risk of each change and of the whole.
 */
export const PromotionChangesCard = ({
  target,
  source,
  releases,
  unreleased,
  riskLoader,
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
  // The risk of every release in between, and of the unreleased commits.
  const riskVersions = useMemo(() => {
    if (changes?.kind !== 'changes' || !releases) return [];
    const versions = changes.releases.map(
      tag => releases.releases.find(r => r.tag === tag)?.version ?? tag,
    );
    return changes.unreleased ? [...versions, 'next'] : versions;
  }, [changes, releases]);
  const risk = useMergedRisk(riskLoader, riskVersions).value;

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
        {risk && risk.length > 0 && (
          <Typography variant="body2" component="div" paragraph>
            Risk of the promotion (its highest change):{' '}
            <RiskChip
              level={highestRisk(risk)}
              changes={risk}
              subject={`the promotion to ${target.environment}`}
            />
          </Typography>
        )}
        <ChangelogView
          changelog={changes.changelog}
          headingLevel={3}
          emptyMessage="No changes recorded between these versions."
          riskOf={
            risk
              ? entry =>
                  risk.find(
                    c => c.id === entry.sha || c.commits.includes(entry.sha),
                  )
              : undefined
          }
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
