export { changesBetween } from './changes';
export type { ChangeSource, Changes, ChangesBetweenInput } from './changes';
export { describeRule, previewPromotion } from './preview';
export type { PreviewInput, PromotionPreview } from './preview';
export { newIdempotencyKey } from './idempotencyKey';
