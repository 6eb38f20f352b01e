import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { RELEASES_GIT_REPO_ANNOTATION } from '@releases-for-backstage/plugin-releases-common';
import { isReleasesAvailable } from '../../conditions';
import { useEntityEnvironments } from '../../hooks/useEntityEnvironments';
import { EnvironmentsTable } from '../EnvironmentsTable';

const EnvironmentsCardContent = ({ entityRef }: { entityRef: string }) => {
  const { value, loading, error } = useEntityEnvironments(entityRef);
  // A reload after a signal keeps the table in place.
  if (loading && !value) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value || value.environments.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No environments are configured.
      </Typography>
    );
  }
  const deployed = value.environments.some(env => env.version !== null);
  return (
    <>
      {!deployed && (
        <Typography variant="body2" color="textSecondary" paragraph>
          Nothing has been deployed yet.
        </Typography>
      )}
      <EnvironmentsTable environments={value.environments} />
    </>
  );
};

/**
 * Overview card: the version an entity runs in each environment, since
 * when, by whom and with what status, with a link to the deployment run
 * and a hint where an environment is behind the one before it. Reloads
 * when the backend signals that a promotion of the entity ended.
 */
export const EntityEnvironmentsCard = () => {
  const { entity } = useEntity();
  return (
    <InfoCard
      title="Environments"
      variant="gridItem"
      titleTypographyProps={{ component: 'h2' }}
    >
      {isReleasesAvailable(entity) ? (
        <EnvironmentsCardContent entityRef={stringifyEntityRef(entity)} />
      ) : (
        <MissingAnnotationEmptyState
          annotation={RELEASES_GIT_REPO_ANNOTATION}
        />
      )}
    </InfoCard>
  );
};
