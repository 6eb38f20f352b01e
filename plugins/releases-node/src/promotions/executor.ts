/*
 * Executors carry a promotion out: the built-in Git executor records the
 * version on the environment branch, others (Kubernetes, a deploy
 * pipeline) roll it out. The engine follows each one through the handle it
 * returns and, when anything fails, runs them again with the previous
 * version (`rollback: true`, in reverse order) so the environment returns
 * to what it ran.
 */
/** JSON-serialisable settings or state (stored in the database). */
export type JsonObject = { [key: string]: unknown };
import type { EnvironmentDefinition } from '@releases-for-backstage/plugin-releases-common';

/** What an executor is asked to roll out. */
export interface PromotionExecution {
  promotionId: string;
  entityRef: string;
  /** Key of the component in the environment file (the entity name). */
  component: string;
  environment: EnvironmentDefinition;
  /** Tag or `WIP`; when undoing, the version the environment goes back to (null: none). */
  version: string | null;
  sha: string | null;
  /** True for a rollback a person asked for, and when the engine undoes a failed promotion. */
  rollback: boolean;
  /** The database schema the environment runs afterwards, when the component declares schemas. */
  schema?: number | null;
  /**
   * Set when the engine undoes this promotion after a failure: why, the
   * handle `execute` returned for it (null: it threw) and the version undone.
   */
  undo?: { reason: string; handle: JsonObject | null; version: string | null };
  /** Entity ref of who asked. */
  actor: string;
  /**
   * This executor's settings for the environment: `executors.<id>` of the
   * environment in `releases.environments` config, over the same key of the
   * branch's `environment.yaml`.
   */
  settings: JsonObject;
}

/** Where an execution stands, as the executor reports it. */
export type ExecutionStatus =
  | { state: 'running'; detail?: string }
  | { state: 'succeeded'; detail?: string }
  | { state: 'failed'; reason: string };

/**
 * Rolls a version out somewhere. `execute` must be idempotent: after a
 * crash the same execution runs again.
 */
export interface PromotionExecutor {
  readonly id: string;
  /**
   * Starts (or, after a crash, resumes) the rollout and returns a handle the
   * engine stores and passes to `status`; nothing (or no `status` method)
   * means the rollout was complete when `execute` resolved. Throwing fails
   * the execution, and the engine undoes what ran.
   */
  execute(execution: PromotionExecution): Promise<JsonObject | void>;
  /** Polled while the promotion is verifying, until it succeeds, fails or the deadline passes. */
  status?(
    handle: JsonObject,
    execution: PromotionExecution,
  ): Promise<ExecutionStatus>;
}
