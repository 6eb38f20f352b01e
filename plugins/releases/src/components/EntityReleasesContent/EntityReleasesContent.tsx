import { stringifyEntityRef } from '@backstage/catalog-model';
import { useCallback } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import { RELEASES_GIT_REPO_ANNOTATION } from '@releases-for-backstage/plugin-releases-common';
import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { isReleasesAvailable } from '../../conditions';
import { useEntityReleases } from '../../hooks/useEntityReleases';
import { HotfixesCard } from '../HotfixesCard';
import { LatestReleaseCard } from '../LatestReleaseCard';
import { NextVersionCard } from '../NextVersionCard';
import { ReleaseHistoryTable } from '../ReleaseHistoryTable';
import { RelativeTime } from '../RelativeTime';
import { useRiskLoader } from '../RiskChip';

const ReleasesOverview = ({ entityRef }: { entityRef: string }) => {
  const releasesApi = useApi(releasesApiRef);
  const { value, loading, error, refreshing, refreshError, refresh, reload } =
    useEntityReleases(entityRef);
  // Risk and blessings add to the releases: when they cannot be read, the
  // releases still show (without chips and badges).
  const riskLoader = useRiskLoader(entityRef, value);
  const nextRisk = useAsync(() => riskLoader('next'), [riskLoader]);
  const blessed = useAsyncRetry(
    () => releasesApi.listBlessed(entityRef),
    [releasesApi, entityRef, value],
  );
  const { retry: reloadBlessed } = blessed;
  const onBlessingChanged = useCallback(() => reloadBlessed(), [reloadBlessed]);

  if (loading && !value) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value) {
    return null;
  }

  const { releases, unreleased } = value;
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12}>
        <Box
          display="flex"
          alignItems="center"
          justifyContent="flex-end"
          gridGap={16}
        >
          <Typography variant="body2" color="textSecondary">
            Read from Git <RelativeTime value={releases.refreshedAt} />
          </Typography>
          <Button
            variant="outlined"
            color="primary"
            startIcon={<RefreshIcon />}
            onClick={refresh}
            disabled={refreshing || loading}
          >
            {refreshing ? 'Refreshing…' : 'Refresh'}
          </Button>
        </Box>
      </Grid>
      {refreshError && (
        <Grid item xs={12}>
          <ResponseErrorPanel error={refreshError} title="Refresh failed" />
        </Grid>
      )}
      <Grid item xs={12} md={6}>
        <LatestReleaseCard
          releases={releases.releases}
          tagPrefix={releases.tagPrefix}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <NextVersionCard unreleased={unreleased} risk={nextRisk.value} />
      </Grid>
      <Grid item xs={12}>
        <ReleaseHistoryTable
          releases={releases.releases}
          entityRef={entityRef}
          riskLoader={riskLoader}
          blessed={blessed.value?.releases}
          onBlessingChanged={onBlessingChanged}
        />
      </Grid>
      <Grid item xs={12}>
        {/* A hotfix makes a tag: the releases are read again after one. */}
        <HotfixesCard
          entityRef={entityRef}
          releases={releases.releases}
          reloadKey={value}
          onCut={reload}
        />
      </Grid>
    </Grid>
  );
};

/**
 * The Releases tab of an entity page: latest release, next version with
 * the unreleased changelog, and the release history, with the risk of
 * each change and release, blessed releases and test results. Shows how to set the
 * entity up when it lacks the `releases-for-backstage.io/git-repo`
 * annotation.
 */
export const EntityReleasesContent = () => {
  const { entity } = useEntity();
  if (!isReleasesAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={RELEASES_GIT_REPO_ANNOTATION} />
    );
  }
  return <ReleasesOverview entityRef={stringifyEntityRef(entity)} />;
};
