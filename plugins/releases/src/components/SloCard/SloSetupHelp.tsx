import { CodeSnippet } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

/** The annotation that names an entity's SLO file. */
export const SLO_FILE_ANNOTATION = 'releases-for-backstage.io/slo-file';

export const SLO_FILE_EXAMPLE = `# catalog-info.yaml
metadata:
  annotations:
    ${SLO_FILE_ANNOTATION}: slo.yaml
---
# slo.yaml, in the component's repository
apiVersion: releases-for-backstage.io/v1alpha1
kind: ServiceLevelObjectives
spec:
  window: 30d
  totalScore: { pass: 90, warning: 75 }
  objectives:
    - name: latency_p95
      displayName: Latency p95 (ms)
      indicator:
        type: threshold
        query: histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m])) by (le)) * 1000
      pass:
        - criteria: ['<=300']
      key: true
`;

/** What to add when an entity declares no service level objectives. */
export const SloSetupHelp = () => (
  <>
    <Typography variant="body2" paragraph>
      No service level objectives are declared. Name a file in the component's
      repository with the annotation <code>{SLO_FILE_ANNOTATION}</code> (our
      format or a Keptn <code>slo.yaml</code>); evaluations then run in each
      soak environment.
    </Typography>
    <CodeSnippet language="yaml" text={SLO_FILE_EXAMPLE} showCopyCodeButton />
  </>
);
