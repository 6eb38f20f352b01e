import { ReleasesError } from '../errors';

/** A risk label that is unknown or has a value outside its allowed values. */
export class InvalidRiskLabelError extends ReleasesError {
  readonly label: string;
  readonly value: unknown;
  readonly allowed: string;
  constructor(label: string, value: unknown, allowed: string) {
    super(
      `Invalid risk label '${label}: ${formatValue(
        value,
      )}'; allowed: ${allowed}`,
    );
    this.label = label;
    this.value = value;
    this.allowed = allowed;
  }
}

/** A risk policy that is malformed or would break monotonicity. */
export class InvalidRiskPolicyError extends ReleasesError {
  readonly key: string;
  constructor(key: string, reason: string) {
    super(`Invalid risk policy at '${key}': ${reason}`);
    this.key = key;
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
