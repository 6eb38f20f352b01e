/*
 * What each environment of a System runs as a product: the product release
 * whose manifest every component matches, or mixed versions, and each
 * component's version there, linking to its Promotion tab.
 */
import { InfoCard, Link } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type {
  ProductEnvironment,
  ProductEnvironmentsResponse,
} from '@releases-for-backstage/plugin-releases-common';
import { VersionText } from '../VersionText';
import { useComponentPromotionLink } from './componentPromotionLink';

export const MIXED_EXPLANATION =
  'components run versions that match no product release';

/** Component names of every environment, sorted, each with its entity. */
function componentsOf(
  environments: ProductEnvironment[],
): { component: string; entityRef: string }[] {
  const byName = new Map<string, string>();
  for (const env of environments) {
    for (const c of env.components) {
      if (!byName.has(c.component)) byName.set(c.component, c.entityRef);
    }
  }
  return [...byName.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([component, entityRef]) => ({ component, entityRef }));
}

const ProductCell = ({
  product,
  environment,
}: {
  product: string;
  environment: ProductEnvironment;
}) => {
  if (environment.product) {
    return (
      <Chip
        size="small"
        color="primary"
        label={`${product} ${environment.product.version}`}
      />
    );
  }
  if (environment.mixed) {
    return (
      <Tooltip title={MIXED_EXPLANATION}>
        <Chip
          size="small"
          variant="outlined"
          label="mixed"
          aria-label={`mixed: ${MIXED_EXPLANATION}`}
        />
      </Tooltip>
    );
  }
  return (
    <Typography variant="body2" color="textSecondary" component="span">
      nothing
    </Typography>
  );
};

export interface ProductEnvironmentsCardProps {
  /** The product's name, e.g. `shop`. */
  product: string;
  environments: ProductEnvironmentsResponse;
}

/** "What each environment runs": one row per environment, in order. */
export const ProductEnvironmentsCard = ({
  product,
  environments,
}: ProductEnvironmentsCardProps) => {
  const promotionLink = useComponentPromotionLink();
  const components = componentsOf(environments.environments);
  return (
    <InfoCard
      title="What each environment runs"
      titleTypographyProps={{ component: 'h2' }}
    >
      {environments.environments.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No environments are configured.
        </Typography>
      ) : (
        <TableContainer>
          <Table size="small" aria-label="What each environment runs">
            <TableHead>
              <TableRow>
                <TableCell>Environment</TableCell>
                <TableCell>Product</TableCell>
                {components.map(c => (
                  <TableCell key={c.component}>{c.component}</TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {environments.environments.map(env => (
                <TableRow key={env.environment}>
                  <TableCell component="th" scope="row">
                    {env.environment}
                  </TableCell>
                  <TableCell>
                    <ProductCell product={product} environment={env} />
                  </TableCell>
                  {components.map(c => {
                    const running = env.components.find(
                      x => x.component === c.component,
                    );
                    const version = running?.version ?? null;
                    return (
                      <TableCell key={c.component}>
                        <Link
                          to={promotionLink(running?.entityRef ?? c.entityRef)}
                          title={`Promotion of ${c.component}`}
                        >
                          {version ? <VersionText version={version} /> : 'none'}
                        </Link>
                      </TableCell>
                    );
                  })}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </InfoCard>
  );
};
