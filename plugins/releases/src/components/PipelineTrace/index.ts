export { PipelineTrace, formatStageDuration } from './PipelineTrace';
export type { PipelineTraceProps } from './PipelineTrace';
