/*
 * The series of the DORA metrics as charts, one bucket per point. Each
 * chart is an image with a name for screen readers; the figures above
 * the charts carry the numbers.
 */
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import type { ReactElement } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { DoraChartPoint } from './doraFormat';

/** ResponsiveContainer takes its parent's size: the parent needs a height. */
const CHART_HEIGHT = 200;

const Chart = ({
  title,
  children,
}: {
  title: string;
  children: ReactElement;
}) => (
  <Grid item xs={12} md={4}>
    <Typography variant="subtitle2" component="h3">
      {title}
    </Typography>
    <div role="img" aria-label={title} style={{ height: CHART_HEIGHT }}>
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </div>
  </Grid>
);

export interface DoraChartsProps {
  data: DoraChartPoint[];
  /** `day` or `week`, for the titles. */
  bucket: string;
}

export const DoraCharts = ({ data, bucket }: DoraChartsProps) => {
  const theme = useTheme();
  const axis = { fontSize: 12, fill: theme.palette.text.secondary };
  return (
    <Grid container spacing={2}>
      <Chart title={`Deployments per ${bucket}`}>
        <BarChart data={data}>
          <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
          <XAxis dataKey="label" tick={axis} />
          <YAxis allowDecimals={false} tick={axis} width={32} />
          <Tooltip />
          <Legend />
          <Bar
            dataKey="succeeded"
            name="succeeded"
            stackId="deployments"
            fill={theme.palette.primary.main}
            isAnimationActive={false}
          />
          <Bar
            dataKey="failed"
            name="failed"
            stackId="deployments"
            fill={theme.palette.error.main}
            isAnimationActive={false}
          />
        </BarChart>
      </Chart>
      <Chart title={`Lead time median per ${bucket} (days)`}>
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
          <XAxis dataKey="label" tick={axis} />
          <YAxis tick={axis} width={32} />
          <Tooltip />
          <Line
            dataKey="leadTimeDays"
            name="lead time (days)"
            stroke={theme.palette.primary.main}
            isAnimationActive={false}
          />
        </LineChart>
      </Chart>
      <Chart title={`Change failure rate per ${bucket} (%)`}>
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
          <XAxis dataKey="label" tick={axis} />
          <YAxis domain={[0, 100]} tick={axis} width={32} unit="%" />
          <Tooltip />
          <Line
            dataKey="failureRatePercent"
            name="change failure rate (%)"
            stroke={theme.palette.error.main}
            isAnimationActive={false}
          />
        </LineChart>
      </Chart>
    </Grid>
  );
};
