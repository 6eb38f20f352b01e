import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles({
  version: { fontFamily: 'monospace' },
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
