import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles({
  // A version is one word: `v1.4.0-rc.2` never wraps at its hyphen.
  version: { fontFamily: 'monospace', whiteSpace: 'nowrap' },
});

/** A deployed version or tag in monospace; "–" when there is none. */
export const VersionText = ({ version }: { version: string | null }) => {
  const classes = useStyles();
  if (!version) return <>–</>;
  return (
    <Typography variant="body2" component="code" className={classes.version}>
      {version}
    </Typography>
  );
};
