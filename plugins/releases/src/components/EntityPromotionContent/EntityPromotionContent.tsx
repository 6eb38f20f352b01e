import { useEffect, useMemo, useRef, useState } from 'react';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  RELEASES_GIT_REPO_ANNOTATION,
  isTerminalState,
  releasesPromotionOverridePermission,
  type EnvironmentStatus,
} from '@releases-for-backstage/plugin-releases-common';
import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { isReleasesAvailable } from '../../conditions';
import { useEntityEnvironments } from '../../hooks/useEntityEnvironments';
import { useEntityReleases } from '../../hooks/useEntityReleases';
import { usePromotionChanges } from '../../hooks/usePromotionChanges';
import {
  DEFAULT_POLL_INTERVAL_MS,
  usePromotionPolling,
} from '../../hooks/usePromotionPolling';
import { useReleasesEntityPermission } from '../../hooks/useReleasesEntityPermission';
import { newIdempotencyKey, previewPromotion } from '../../promotions';
import { BlessedBadge, blessingOf } from '../BlessedBadge';
import { EnvironmentsTable } from '../EnvironmentsTable';
import { ErrorAlert } from '../ErrorAlert';
import { PromotionChangesCard } from '../PromotionChangesCard';
import type { PromotionDecision } from '../PromotionDecisionDialog';
import {
  DEFAULT_VERSION_CHOICE,
  PromotionForm,
  requestedVersion,
  type PromotionFormProps,
  type PromotionSelection,
} from '../PromotionForm';
import { PromotionHistoryTable } from '../PromotionHistoryTable';
import { PromotionProgress } from '../PromotionProgress';
import { ReleaseWindowBanner } from '../ReleaseWindow';
import { useRiskLoader } from '../RiskChip';
import { RollbackDialog } from '../RollbackDialog';
import { VotePanel } from '../VotePanel';

/** How many past promotions the history shows. */
const HISTORY_LIMIT = 50;

/** @public */
export interface EntityPromotionContentProps {
  /**
   * Pause between two reads of a running promotion when the app has no
   * signals, in milliseconds. Defaults to 1500. With signals, the promotion
   * is read again on each change the backend signals, and every 10 s.
   */
  pollIntervalMs?: number;
}

interface PromotionPageProps {
  entityRef: string;
  entityTitle: string;
  /** The product the entity belongs to, whose freeze holds it. */
  systemRef?: string;
  pollIntervalMs: number;
}

/** The system of a component (`spec.system`), or the system itself. */
function systemOf(entity: Entity): string | undefined {
  if (entity.kind.toLocaleLowerCase('en-US') === 'system') {
    return stringifyEntityRef(entity);
  }
  const system = entity.spec?.system;
  if (typeof system !== 'string' || !system) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(system, {
        defaultKind: 'system',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * The form while promotions may not start: asks whether the user may
 * break glass. Mounted only then, so pages of open windows ask nothing.
 */
const ClosedPromotionForm = ({
  entityRef,
  ...props
}: PromotionFormProps & { entityRef: string }) => {
  const permission = useReleasesEntityPermission(
    releasesPromotionOverridePermission,
    entityRef,
  );
  return <PromotionForm {...props} mayOverride={permission.allowed} />;
};

const PromotionPage = ({
  entityRef,
  entityTitle,
  systemRef,
  pollIntervalMs,
}: PromotionPageProps) => {
  const releasesApi = useApi(releasesApiRef);
  const environments = useEntityEnvironments(entityRef);
  const releases = useEntityReleases(entityRef);
  // Every signalled step of the entity's promotions, whoever started them,
  // shows in the history (and a newly started one gets followed).
  const historyChanges = usePromotionChanges({ entityRefs: [entityRef] });
  const history = useAsyncRetry(
    () => releasesApi.listPromotions({ entityRef, limit: HISTORY_LIMIT }),
    [releasesApi, entityRef, historyChanges],
  );
  const { promotion, pollError, watch } = usePromotionPolling({
    intervalMs: pollIntervalMs,
  });
  // Judgement: the release window, freezes, blessings and risk. Each only
  // adds to the page; the backend enforces windows and freezes anyway.
  const windowStatus = useAsyncRetry(
    () => releasesApi.getWindowStatus(entityRef),
    [releasesApi, entityRef, historyChanges],
  );
  const frozen = windowStatus.value?.frozen ?? false;
  const freezes = useAsync(
    async () => (frozen ? releasesApi.listFreezes() : undefined),
    [releasesApi, frozen],
  );
  const freeze = freezes.value?.freezes.find(
    f =>
      systemRef !== undefined &&
      f.system.toLocaleLowerCase('en-US') ===
        systemRef.toLocaleLowerCase('en-US'),
  );
  const closedReason =
    windowStatus.value && (!windowStatus.value.open || frozen)
      ? windowStatus.value.reason
      : undefined;
  const blessed = useAsyncRetry(
    () => releasesApi.listBlessed(entityRef),
    [releasesApi, entityRef, historyChanges],
  );
  const riskLoader = useRiskLoader(entityRef, releases.value);

  const envList = useMemo(
    () => environments.value?.environments ?? [],
    [environments.value],
  );
  const [selection, setSelection] = useState<PromotionSelection>({
    target: '',
    choice: DEFAULT_VERSION_CHOICE,
    otherVersion: '',
  });
  const targetName = selection.target || envList[0]?.environment || '';
  const targetIndex = envList.findIndex(e => e.environment === targetName);
  const target: EnvironmentStatus | undefined = envList[targetIndex];
  const previous = targetIndex > 0 ? envList[targetIndex - 1] : undefined;
  const chosen = requestedVersion(selection);

  const releasesData = releases.value?.releases;
  const releasesReady = Boolean(releasesData) || Boolean(releases.error);
  const preview = useMemo(
    () =>
      target && releasesReady
        ? previewPromotion({
            target,
            previous,
            chosenTag: chosen,
            releases: releasesData?.releases ?? [],
            tagPrefix: releasesData?.tagPrefix ?? 'v',
            nextVersion: releases.value?.unreleased.next,
            headSha: releases.value?.unreleased.headSha,
          })
        : undefined,
    [target, previous, chosen, releasesData, releasesReady, releases.value],
  );

  // One key per intended promotion: a retry of the same request after a
  // lost answer must not start a second one, a changed request gets a new key.
  const idempotencyKey = useRef<string | null>(null);
  useEffect(() => {
    idempotencyKey.current = null;
  }, [targetName, chosen]);
  // A break-glass start is another request than the refused plain one.
  const keyIsForOverride = useRef(false);

  const [createState, create] = useAsyncFn(
    async (allowJump: boolean, override?: { reason: string }) => {
      if (keyIsForOverride.current !== Boolean(override)) {
        idempotencyKey.current = null;
        keyIsForOverride.current = Boolean(override);
      }
      idempotencyKey.current ??= newIdempotencyKey();
      const created = await releasesApi.createPromotion({
        entityRef,
        environment: targetName,
        ...(chosen !== null ? { version: chosen } : {}),
        // Only a confirmed jump over the next version says so.
        ...(allowJump ? { allowJump: true } : {}),
        ...(override ? { override } : {}),
        idempotencyKey: idempotencyKey.current,
      });
      idempotencyKey.current = null;
      watch(created);
      history.retry();
      return created;
    },
    [releasesApi, entityRef, targetName, chosen, watch, history.retry],
  );

  const [rollbackTarget, setRollbackTarget] = useState<EnvironmentStatus>();
  const [rollbackState, rollback] = useAsyncFn(
    async (env: EnvironmentStatus, reason: string) => {
      const created = await releasesApi.createPromotion({
        entityRef,
        environment: env.environment,
        rollback: true,
        reason,
        idempotencyKey: newIdempotencyKey(),
      });
      watch(created);
      history.retry();
      return created;
    },
    [releasesApi, entityRef, watch, history.retry],
  );

  const [abortState, abort] = useAsyncFn(
    async (id: string) => {
      const aborted = await releasesApi.abortPromotion(id);
      watch(aborted);
      return aborted;
    },
    [releasesApi, watch],
  );

  // An approval or rejection; its error belongs to the promotion it was
  // about, not to the next one that waits.
  const [lastDecision, setLastDecision] = useState<{
    id: string;
    decision: PromotionDecision;
  }>();
  const [decisionState, decide] = useAsyncFn(
    async (
      id: string,
      request:
        | { decision: 'approve'; reason?: string }
        | { decision: 'reject'; reason: string },
    ) => {
      setLastDecision({ id, decision: request.decision });
      const decided =
        request.decision === 'approve'
          ? await releasesApi.approvePromotion(
              id,
              request.reason === undefined ? {} : { reason: request.reason },
            )
          : await releasesApi.rejectPromotion(id, { reason: request.reason });
      watch(decided);
      history.retry();
      return decided;
    },
    [releasesApi, watch, history.retry],
  );
  const decision =
    promotion && lastDecision?.id === promotion.id
      ? lastDecision.decision
      : undefined;

  // Follow a promotion that was already running when the page opened.
  const running = history.value?.items.find(p => !isTerminalState(p.state));
  useEffect(() => {
    if (!promotion && running) watch(running);
  }, [promotion, running, watch]);

  // When the watched promotion ends, the environments, the history and the
  // tags and unreleased commits ("What changes") changed.
  const finished = promotion ? isTerminalState(promotion.state) : false;
  const { retry: reloadEnvironments } = environments;
  const { retry: reloadHistory } = history;
  const { reload: reloadReleases } = releases;
  const reload = useRef({ reloadEnvironments, reloadHistory, reloadReleases });
  reload.current = { reloadEnvironments, reloadHistory, reloadReleases };
  useEffect(() => {
    if (finished) {
      reload.current.reloadEnvironments();
      reload.current.reloadHistory();
      reload.current.reloadReleases();
    }
  }, [finished, promotion?.id]);
  // One that ended elsewhere is signalled: both hooks reload on their own.

  if (environments.loading && !environments.value) {
    return <Progress />;
  }
  if (environments.error && !environments.value) {
    return <ResponseErrorPanel error={environments.error} />;
  }
  if (envList.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No environments are configured.
      </Typography>
    );
  }

  const formProps: PromotionFormProps = {
    environments: envList,
    selection: { ...selection, target: targetName },
    onChange: setSelection,
    releases: releasesData?.releases,
    releasesError: releases.error,
    preview,
    submitting: createState.loading,
    error: createState.error,
    closedReason,
    onPromote: ({ allowJump, override }) => {
      create(allowJump, override);
    },
  };
  const votesGate = promotion?.gates?.some(gate => gate.id === 'votes');

  return (
    <Grid container spacing={3} alignItems="stretch">
      {windowStatus.value &&
        (windowStatus.value.frozen || !windowStatus.value.open) && (
          <Grid item xs={12}>
            <ReleaseWindowBanner
              status={windowStatus.value}
              freeze={freeze}
              onChange={windowStatus.retry}
            />
          </Grid>
        )}
      {windowStatus.error && (
        <Grid item xs={12}>
          <ErrorAlert
            severity="warning"
            title="The release window could not be read"
            error={windowStatus.error}
          />
        </Grid>
      )}
      <Grid item xs={12}>
        <InfoCard
          title="Environments"
          subheader="A rollback returns an environment to its last known-good version."
          titleTypographyProps={{ component: 'h2' }}
        >
          {rollbackState.error && (
            <Box mb={2}>
              <ErrorAlert
                title="Rollback refused"
                error={rollbackState.error}
              />
            </Box>
          )}
          <EnvironmentsTable
            environments={envList}
            versionExtra={env => (
              <BlessedBadge
                blessing={blessingOf(blessed.value?.releases, env.version)}
              />
            )}
            actions={env => (
              <Button
                size="small"
                variant="outlined"
                aria-label={`Roll back ${env.environment}`}
                disabled={env.version === null || rollbackState.loading}
                onClick={() => setRollbackTarget(env)}
              >
                Roll back
              </Button>
            )}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        {closedReason !== undefined ? (
          <ClosedPromotionForm entityRef={entityRef} {...formProps} />
        ) : (
          <PromotionForm {...formProps} />
        )}
      </Grid>
      <Grid item xs={12} md={6}>
        <PromotionChangesCard
          target={target}
          source={preview?.source ?? null}
          releases={releasesData}
          unreleased={releases.value?.unreleased}
          riskLoader={riskLoader}
        />
      </Grid>
      {promotion && (
        <Grid item xs={12}>
          <PromotionProgress
            promotion={promotion}
            pollError={pollError}
            aborting={abortState.loading}
            abortError={abortState.error}
            onAbort={() => {
              abort(promotion.id);
            }}
            onApprove={reason => {
              decide(promotion.id, { decision: 'approve', reason });
            }}
            onReject={reason => {
              decide(promotion.id, { decision: 'reject', reason });
            }}
            deciding={decisionState.loading ? decision : undefined}
            decisionError={
              decision && decisionState.error
                ? { decision, error: decisionState.error }
                : undefined
            }
          />
        </Grid>
      )}
      {promotion && votesGate && (
        <Grid item xs={12}>
          <VotePanel
            promotion={promotion}
            reloadKey={`${promotion.updatedAt} ${historyChanges}`}
          />
        </Grid>
      )}
      <Grid item xs={12}>
        {history.error ? (
          <ResponseErrorPanel
            title="Promotion history could not be read"
            error={history.error}
          />
        ) : (
          <PromotionHistoryTable
            promotions={history.value?.items ?? []}
            loading={history.loading && !history.value}
          />
        )}
      </Grid>
      <RollbackDialog
        environment={rollbackTarget}
        entityTitle={entityTitle}
        onCancel={() => setRollbackTarget(undefined)}
        onConfirm={(env, reason) => {
          setRollbackTarget(undefined);
          rollback(env, reason);
        }}
      />
    </Grid>
  );
};

/**
 * The Promotion tab of an entity page: what runs where, a form to promote
 * a version into an environment with the rule of that environment
 * explained and the changes it brings, live progress of the promotion
 * with an Abort button (and Approve and Reject while it waits for a manual
 * approval), go/no-go votes, rollbacks, and the promotion history. While
 * the release window is closed or the product frozen, a banner says until
 * when (or why), and Promote waits unless the user may break glass.
 */
export const EntityPromotionContent = ({
  pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
}: EntityPromotionContentProps) => {
  const { entity } = useEntity();
  if (!isReleasesAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={RELEASES_GIT_REPO_ANNOTATION} />
    );
  }
  return (
    <PromotionPage
      entityRef={stringifyEntityRef(entity)}
      entityTitle={entity.metadata.title ?? entity.metadata.name}
      systemRef={systemOf(entity)}
      pollIntervalMs={pollIntervalMs}
    />
  );
};
