import { useEffect, useState } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  RELEASES_GIT_REPO_ANNOTATION,
  type EnvironmentStatus,
} from '@releases-for-backstage/plugin-releases-common';
import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';
import useAsync from 'react-use/esm/useAsync';
import { isReleasesAvailable } from '../../conditions';
import { useEntityEnvironments } from '../../hooks/useEntityEnvironments';
import { ErrorAlert } from '../ErrorAlert';
import { SloBudgets } from './SloBudgets';
import { SloLatestEvaluation } from './SloLatestEvaluation';
import { SloLinks } from './SloLinks';
import { SloObjectiveChart } from './SloObjectiveChart';
import { SloSetupHelp } from './SloSetupHelp';

/** How many stored evaluations the charts show. */
const EVALUATIONS_SHOWN = 48;

/** Where SLOs are watched first: the first staging environment, else the first prod one. */
export function defaultSloEnvironment(
  environments: readonly Pick<EnvironmentStatus, 'environment' | 'type'>[],
): string | undefined {
  return (
    environments.find(e => e.type === 'staging') ??
    environments.find(e => e.type === 'prod') ??
    environments[0]
  )?.environment;
}

const SloEvaluations = ({
  entityRef,
  environment,
}: {
  entityRef: string;
  environment: string;
}) => {
  const releasesApi = useApi(releasesApiRef);
  const { value, loading, error } = useAsync(
    () =>
      releasesApi.getSloEvaluations({
        entityRef,
        environment,
        limit: EVALUATIONS_SHOWN,
      }),
    [releasesApi, entityRef, environment],
  );
  if (loading) return <Progress />;
  if (error) {
    return (
      <ErrorAlert title="Could not read the SLO evaluations" error={error} />
    );
  }
  if (!value) return null;
  if (!value.definition) {
    return <SloSetupHelp />;
  }
  const { definition, evaluations } = value;
  return (
    <>
      {evaluations.length === 0 ? (
        <Typography variant="body2" color="textSecondary" paragraph>
          No evaluations in {environment} yet.
        </Typography>
      ) : (
        <>
          <Box display="flex" flexWrap="wrap" gridGap={16}>
            {definition.objectives.map(objective => (
              <SloObjectiveChart
                key={objective.metric}
                objective={objective}
                evaluations={evaluations}
              />
            ))}
          </Box>
          <SloLatestEvaluation evaluation={evaluations[0]} />
        </>
      )}
      <Box mt={2}>
        <SloBudgets
          budgets={value.budgets}
          objectives={definition.objectives}
        />
      </Box>
      <SloLinks links={value.links} />
      <Typography variant="caption" color="textSecondary" component="p">
        Declared in <code>{definition.file}</code> ({definition.format}).
      </Typography>
    </>
  );
};

const SloCardContent = ({ entityRef }: { entityRef: string }) => {
  const environments = useEntityEnvironments(entityRef);
  const [environment, setEnvironment] = useState<string | undefined>();
  const list = environments.value?.environments ?? [];
  const fallback = defaultSloEnvironment(list);
  useEffect(() => {
    // The first answer picks the default; a reload keeps the choice.
    if (environment === undefined && fallback) setEnvironment(fallback);
  }, [environment, fallback]);

  if (environments.loading && !environments.value) return <Progress />;
  if (environments.error) {
    return (
      <ErrorAlert
        title="Could not read the environments"
        error={environments.error}
      />
    );
  }
  if (list.length === 0 || !environment) {
    return (
      <Typography variant="body2" color="textSecondary">
        No environments are configured.
      </Typography>
    );
  }
  return (
    <>
      <TextField
        id="releases-slo-environment"
        select
        label="Environment"
        value={environment}
        onChange={e => setEnvironment(e.target.value)}
        SelectProps={{ native: true }}
        variant="outlined"
        margin="dense"
      >
        {list.map(env => (
          <option key={env.environment} value={env.environment}>
            {env.environment}
          </option>
        ))}
      </TextField>
      <SloEvaluations entityRef={entityRef} environment={environment} />
    </>
  );
};

/**
 * Overview card: an entity's service level objectives in one environment
 * (staging first): each indicator over the stored evaluations, the latest
 * evaluation with its targets, error budgets and burn-rate states, and
 * links to dashboards. Explains the `releases-for-backstage.io/slo-file`
 * annotation when the entity declares no objectives.
 */
export const EntitySloCard = () => {
  const { entity } = useEntity();
  return (
    <InfoCard
      title="Service level objectives"
      variant="gridItem"
      titleTypographyProps={{ component: 'h2' }}
    >
      {isReleasesAvailable(entity) ? (
        <SloCardContent entityRef={stringifyEntityRef(entity)} />
      ) : (
        <MissingAnnotationEmptyState
          annotation={RELEASES_GIT_REPO_ANNOTATION}
        />
      )}
    </InfoCard>
  );
};
