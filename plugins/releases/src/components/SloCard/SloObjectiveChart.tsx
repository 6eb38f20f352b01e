import { useId } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import type {
  SloEvaluationRecord,
  SloObjectiveSummary,
} from '@releases-for-backstage/plugin-releases-common';
import { DateTime } from 'luxon';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { sloChartPoints, type SloChartPoint } from './sloChartData';

/** A time for the axis, in UTC so every viewer reads the same. */
export function axisTime(iso: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).toFormat('dd LLL HH:mm');
}

export interface SloObjectiveChartProps {
  objective: SloObjectiveSummary;
  /** Newest first, as the API sends them. */
  evaluations: readonly SloEvaluationRecord[];
  /** Fixed size: charts in cards need none, and jsdom measures nothing. */
  width?: number;
  height?: number;
}

/**
 * An indicator's value over the stored evaluations (oldest left): the
 * fixed threshold as a line, the baseline dashed, points coloured by
 * status, and gaps marked "no data" or "source down", never drawn as 0.
 */
export const SloObjectiveChart = ({
  objective,
  evaluations,
  width = 360,
  height = 160,
}: SloObjectiveChartProps) => {
  const theme = useTheme();
  const headingId = useId();
  const points = sloChartPoints(objective.metric, evaluations);
  const data = points.map(p => ({ ...p, x: axisTime(p.at) }));
  const colour = (status: SloChartPoint['status']) => {
    if (status === 'pass') return theme.palette.success.main;
    if (status === 'warning') return theme.palette.warning.main;
    if (status === 'fail') return theme.palette.error.main;
    return theme.palette.text.secondary;
  };
  const name = objective.displayName ?? objective.metric;
  const latest = points.at(-1);
  return (
    <Box
      component="figure"
      m={0}
      mb={2}
      aria-labelledby={headingId}
      data-testid={`slo-chart-${objective.metric}`}
    >
      <Typography id={headingId} variant="subtitle2" component="figcaption">
        {name}
        {objective.keySli ? ' (key)' : ''}
      </Typography>
      <LineChart width={width} height={height} data={data}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="x" tick={{ fontSize: 10 }} />
        <YAxis tick={{ fontSize: 10 }} width={40} />
        <Tooltip />
        {objective.threshold !== undefined && (
          <ReferenceLine
            y={objective.threshold}
            stroke={theme.palette.error.main}
            label={{
              value: `threshold ${objective.threshold}`,
              position: 'insideTopRight',
              fontSize: 10,
            }}
            className="slo-threshold"
          />
        )}
        {data
          .filter(p => p.gap)
          .map(p => (
            <ReferenceLine
              key={p.at}
              x={p.x}
              stroke={theme.palette.text.secondary}
              strokeDasharray="2 2"
              label={{ value: p.gap, position: 'insideTop', fontSize: 10 }}
              className="slo-gap"
            />
          ))}
        <Line
          dataKey="baseline"
          name="baseline"
          stroke={theme.palette.text.secondary}
          strokeDasharray="5 5"
          dot={false}
          isAnimationActive={false}
          className="slo-baseline"
        />
        <Line
          dataKey="value"
          name={name}
          stroke={theme.palette.primary.main}
          isAnimationActive={false}
          // Gaps stay gaps: a missing value is not 0, nor the line between its neighbours.
          connectNulls={false}
          dot={(props: {
            cx?: number;
            cy?: number;
            index?: number;
            payload?: SloChartPoint;
          }) => {
            const { cx, cy, index, payload } = props;
            if (cx === undefined || cy === undefined || !payload?.status) {
              return <g key={`dot-${index}`} />;
            }
            return (
              <circle
                key={`dot-${index}`}
                cx={cx}
                cy={cy}
                r={4}
                fill={colour(payload.status)}
                stroke="none"
                className={`slo-point slo-point-${payload.status}`}
              >
                <title>
                  {axisTime(payload.at)}: {payload.value} ({payload.status})
                </title>
              </circle>
            );
          }}
        />
      </LineChart>
      {latest?.gap && (
        <Typography variant="caption" color="textSecondary">
          Latest evaluation ({axisTime(latest.at)}): {latest.gap}.
        </Typography>
      )}
    </Box>
  );
};
