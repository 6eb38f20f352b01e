import { useMemo } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import type {
  ChangeRisk,
  ChangelogEntry,
  RiskResponse,
} from '@releases-for-backstage/plugin-releases-common';
import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';
import useAsync from 'react-use/esm/useAsync';
import { errorMessage } from '../ErrorAlert';
import { RiskChip } from './RiskChip';

/** Reads the risk of a version (`next` for the unreleased commits), once per version. */
export type RiskLoader = (version: string) => Promise<RiskResponse>;

/**
 * A {@link RiskLoader} for one entity that asks the backend once per
 * version: table rows mount and unmount as pages change, and each would
 * otherwise ask again. A failed read is forgotten, so it is tried again.
 * A new `reloadKey` (say, after a refresh) starts over.
 */
export function useRiskLoader(
  entityRef: string,
  reloadKey?: unknown,
): RiskLoader {
  const releasesApi = useApi(releasesApiRef);
  return useMemo(() => {
    const cache = new Map<string, Promise<RiskResponse>>();
    return (version: string) => {
      let pending = cache.get(version);
      if (!pending) {
        pending = releasesApi.getRisk({ entityRef, version });
        cache.set(version, pending);
        pending.catch(() => cache.delete(version));
      }
      return pending;
    };
    // reloadKey only starts a new cache.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [releasesApi, entityRef, reloadKey]);
}

/** The risk of the change a changelog entry belongs to, if the backend knows it. */
export function changeRiskOf(
  risk: RiskResponse | undefined,
  entry: Pick<ChangelogEntry, 'sha'>,
): ChangeRisk | undefined {
  return risk?.changes.find(
    change => change.id === entry.sha || change.commits.includes(entry.sha),
  );
}

/** The risk of some versions, merged: the chip of a promotion that spans releases. */
export function useMergedRisk(
  loader: RiskLoader | undefined,
  versions: readonly string[],
) {
  const key = versions.join('\n');
  return useAsync(async () => {
    if (!loader || versions.length === 0) return undefined;
    const answers = await Promise.all(versions.map(v => loader(v)));
    const seen = new Set<string>();
    const changes: ChangeRisk[] = [];
    for (const answer of answers) {
      for (const change of answer.changes) {
        if (seen.has(change.id)) continue;
        seen.add(change.id);
        changes.push(change);
      }
    }
    return changes;
    // The versions are compared by their joined key.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loader, key]);
}

/** The chip of a version: its highest change, loaded through `loader`. */
export const VersionRiskChip = ({
  loader,
  version,
  subject,
}: {
  loader: RiskLoader;
  version: string;
  subject: string;
}) => {
  const { value, error } = useAsync(() => loader(version), [loader, version]);
  if (error) {
    return (
      <Typography
        variant="caption"
        color="textSecondary"
        title={errorMessage(error)}
      >
        risk not available
      </Typography>
    );
  }
  if (!value) return null;
  return (
    <RiskChip level={value.level} changes={value.changes} subject={subject} />
  );
};
