export { PIPELINE_STAGES } from './pipelineApi';
export type {
  PipelineStage,
  PipelineStageStatus,
  PipelineTrace,
  ReportPipelineRequest,
} from './pipelineApi';
