/* Release windows, holidays and freezes: may a promotion start now? Pure. */
export * from './types';
export * from './errors';
export { occurrences } from './occurrences';
export { parseWindowPolicy } from './parseWindowPolicy';
export type { ParseWindowPolicyOptions } from './parseWindowPolicy';
export {
  DEFAULT_WINDOW_HORIZON_DAYS,
  votingOpen,
  windowStatus,
} from './windowStatus';
export type { WindowStatusOptions } from './windowStatus';
