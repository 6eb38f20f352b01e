import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { EnvironmentDefinition } from '@releases-for-backstage/plugin-releases-common';

/** What an executor is asked to roll out. */
export interface PromotionExecution {
  promotionId: string;
  entityRef: string;
  /** Key of the component in the environment file (the entity name). */
  component: string;
  environment: EnvironmentDefinition;
  /** Tag or `WIP`. */
  version: string;
  sha: string | null;
  rollback: boolean;
  /** Entity ref of who asked. */
  actor: string;
}

/**
 * Rolls a version out somewhere after the environment repository recorded
 * it (a Kubernetes cluster, a deploy pipeline). Must be idempotent: after a
 * crash the same execution runs again.
 */
export interface PromotionExecutor {
  readonly id: string;
  execute(execution: PromotionExecution): Promise<void>;
}

/** Lets backend modules add promotion executors. */
export interface ReleasesExecutorsExtensionPoint {
  addExecutor(...executors: PromotionExecutor[]): void;
}

/**
 * Extension point `releases.executors`. The environment repository is always
 * written first by the built-in Git executor; added executors run after it,
 * in the order they were added.
 *
 * @public
 */
export const releasesExecutorsExtensionPoint =
  createExtensionPoint<ReleasesExecutorsExtensionPoint>({
    id: 'releases.executors',
  });
