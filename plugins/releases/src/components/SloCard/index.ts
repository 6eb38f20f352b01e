export { EntitySloCard, defaultSloEnvironment } from './EntitySloCard';
export { SloObjectiveChart } from './SloObjectiveChart';
export type { SloObjectiveChartProps } from './SloObjectiveChart';
export { sloChartPoints } from './sloChartData';
export type { SloChartPoint, SloGap } from './sloChartData';
