export { EntityProductMatrixContent } from './EntityProductMatrixContent';
