import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import OpenInNewIcon from '@material-ui/icons/OpenInNew';
import type { ObservabilityLinks } from '@releases-for-backstage/plugin-releases-common';

const LABELS: Record<keyof ObservabilityLinks, string> = {
  grafana: 'Grafana dashboard',
  traces: 'Traces',
  logs: 'Logs',
};

/** The entity's dashboards, each opening in a new window. */
export const SloLinks = ({ links }: { links: ObservabilityLinks }) => {
  const present = (Object.keys(LABELS) as (keyof ObservabilityLinks)[]).flatMap(
    key => {
      const url = links[key];
      return url ? [{ key, url }] : [];
    },
  );
  if (present.length === 0) return null;
  return (
    <Box display="flex" flexWrap="wrap" gridGap={8} mt={1}>
      {present.map(({ key, url }) => (
        <Button
          key={key}
          size="small"
          variant="outlined"
          href={url}
          target="_blank"
          rel="noopener noreferrer"
          endIcon={<OpenInNewIcon fontSize="small" aria-hidden />}
        >
          {LABELS[key]}
        </Button>
      ))}
    </Box>
  );
};
