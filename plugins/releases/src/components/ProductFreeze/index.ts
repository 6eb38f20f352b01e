export { ProductFreeze, freezeOf } from './ProductFreeze';
export type { ProductFreezeProps } from './ProductFreeze';
