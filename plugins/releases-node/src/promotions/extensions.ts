import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { PromotionExecutor } from './executor';
import type { PromotionGate, PromotionVerifier } from './gate';

/** Lets backend modules add promotion executors. */
export interface ReleasesExecutorsExtensionPoint {
  addExecutor(...executors: PromotionExecutor[]): void;
}

/**
 * Extension point `releases.executors`. The environment repository is always
 * written first by the built-in Git executor; added executors run after it,
 * in the order they were added, and are undone in reverse order.
 *
 * @public
 */
export const releasesExecutorsExtensionPoint =
  createExtensionPoint<ReleasesExecutorsExtensionPoint>({
    id: 'releases.executors',
  });

/** Lets backend modules add gates. */
export interface ReleasesGatesExtensionPoint {
  addGate(...gates: PromotionGate[]): void;
}

/**
 * Extension point `releases.gates`: conditions a promotion must meet before
 * it runs, after the built-in approval gate. Gate ids must be unique.
 *
 * @public
 */
export const releasesGatesExtensionPoint =
  createExtensionPoint<ReleasesGatesExtensionPoint>({
    id: 'releases.gates',
  });

/** Lets backend modules add verification steps. */
export interface ReleasesVerifiersExtensionPoint {
  addVerifier(...verifiers: PromotionVerifier[]): void;
}

/**
 * Extension point `releases.verifiers`: checks that run after the executors
 * succeeded (smoke results, SLO evaluation); a failure rolls back.
 *
 * @public
 */
export const releasesVerifiersExtensionPoint =
  createExtensionPoint<ReleasesVerifiersExtensionPoint>({
    id: 'releases.verifiers',
  });
