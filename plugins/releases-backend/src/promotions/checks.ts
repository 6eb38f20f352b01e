import type { PromotionGate as GateState } from '@releases-for-backstage/plugin-releases-common';
import type {
  JsonObject,
  PromotionCheckContext,
  PromotionCheckResult,
} from '@releases-for-backstage/plugin-releases-node';

/** Per-environment settings of executors, gates and verifiers, by id. */
export interface EnvironmentSettings {
  executors?: Record<string, JsonObject>;
  gates?: Record<string, JsonObject>;
  verifiers?: Record<string, JsonObject>;
}

/** One check (a gate or a verifier) as the engine runs it. */
export interface Check {
  id: string;
  run(
    context: PromotionCheckContext,
  ): Promise<(PromotionCheckResult & { required?: boolean }) | null>;
}

/**
 * Runs every check and lists their answers; a check that throws is pending
 * with the error, never met (a failing source is not a pass).
 */
export async function evaluateChecks(
  checks: readonly Check[],
  context: Omit<PromotionCheckContext, 'settings'>,
  settingsOf: (id: string) => JsonObject,
): Promise<GateState[]> {
  const out: GateState[] = [];
  for (const check of checks) {
    let result: (PromotionCheckResult & { required?: boolean }) | null;
    try {
      result = await check.run({ ...context, settings: settingsOf(check.id) });
    } catch (error) {
      result = {
        status: 'pending',
        detail: `could not be evaluated: ${(error as Error).message}`,
      };
    }
    if (!result) continue;
    out.push({
      id: check.id,
      status: result.status,
      required: result.required ?? true,
      detail: result.detail ?? null,
    });
  }
  return out;
}

/** What a list of checks says together: failed if a required one failed, met when every required one is. */
export function overall(
  checks: readonly GateState[],
): 'met' | 'pending' | 'failed' {
  const required = checks.filter(c => c.required);
  if (required.some(c => c.status === 'failed')) return 'failed';
  if (required.some(c => c.status === 'pending')) return 'pending';
  return 'met';
}

/** One line for the history: the failed or pending checks and their details. */
export function describeChecks(
  checks: readonly GateState[],
  status: 'pending' | 'failed',
): string {
  return checks
    .filter(c => c.required && c.status === status)
    .map(c => `${c.id}: ${c.detail ?? status}`)
    .join('; ');
}

const KINDS = ['executors', 'gates', 'verifiers'] as const;

/** The settings an environment file's `environment:` block holds (anything else is ignored). */
export function settingsInFile(block: unknown): EnvironmentSettings {
  const out: EnvironmentSettings = {};
  if (!block || typeof block !== 'object') return out;
  for (const kind of KINDS) {
    const value = (block as Record<string, unknown>)[kind];
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      out[kind] = value as Record<string, JsonObject>;
    }
  }
  return out;
}

/**
 * Per id, the environment file's settings under the portal's config: config
 * wins, so what the portal's operators set cannot be loosened by a commit
 * to an environment branch.
 */
export function mergeSettings(
  file: EnvironmentSettings,
  config: EnvironmentSettings,
): EnvironmentSettings {
  const out: EnvironmentSettings = {};
  for (const kind of KINDS) {
    const ids = new Set([
      ...Object.keys(file[kind] ?? {}),
      ...Object.keys(config[kind] ?? {}),
    ]);
    if (ids.size === 0) continue;
    const merged: Record<string, JsonObject> = {};
    for (const id of ids) {
      merged[id] = {
        ...(file[kind]?.[id] ?? {}),
        ...(config[kind]?.[id] ?? {}),
      };
    }
    out[kind] = merged;
  }
  return out;
}
