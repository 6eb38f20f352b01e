export { MAX_REASON_LENGTH, ReasonDialog } from './ReasonDialog';
export type { ReasonDialogProps } from './ReasonDialog';
