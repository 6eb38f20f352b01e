export { DriftHint } from './DriftHint';
