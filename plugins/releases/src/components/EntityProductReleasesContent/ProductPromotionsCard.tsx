/*
 * The latest product promotions of a System, each with the state of every
 * component's own promotion.
 */
import { InfoCard, Link } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type {
  ProductPromotion,
  ProductPromotionsResponse,
} from '@releases-for-backstage/plugin-releases-common';
import Box from '@material-ui/core/Box';
import { ActorName } from '../ActorName';
import { VotePanel } from '../VotePanel';
import { PromotionStateLabel } from '../PromotionStateLabel';
import { RelativeTime } from '../RelativeTime';
import { useComponentPromotionLink } from './componentPromotionLink';
import { ProductPromotionStateChip } from './ProductPromotionState';

const Members = ({ promotion }: { promotion: ProductPromotion }) => {
  const promotionLink = useComponentPromotionLink();
  return (
    <ul
      aria-label={`Components of the promotion of ${promotion.tag} to ${promotion.environment}`}
      style={{ margin: 0, paddingLeft: 16 }}
    >
      {promotion.members.map(member => (
        <li key={member.component}>
          <Link
            to={promotionLink(member.entityRef)}
            title={`Promotion ${member.promotionId}`}
          >
            {member.component}
          </Link>{' '}
          <PromotionStateLabel state={member.state} />
        </li>
      ))}
      {promotion.skipped.map(s => (
        <li key={s.component}>
          {s.component}{' '}
          <Typography variant="body2" color="textSecondary" component="span">
            skipped: {s.reason}
          </Typography>
        </li>
      ))}
    </ul>
  );
};

export interface ProductPromotionsCardProps {
  promotions: ProductPromotionsResponse;
}

/**
 * The votes of a product promotion whose components wait for them, read
 * from its first waiting component (they share environment and roles);
 * a vote here is cast on every waiting component.
 */
const ProductVotes = ({ promotion }: { promotion: ProductPromotion }) => {
  const waiting = promotion.members.find(m => m.state === 'waiting-for-gates');
  if (promotion.state !== 'active' || !waiting) return null;
  return (
    <Box mt={2}>
      <VotePanel
        promotion={{
          id: waiting.promotionId,
          state: waiting.state,
          version: waiting.version,
          requestedVersion: null,
          environment: promotion.environment,
        }}
        product={{
          id: promotion.id,
          name: promotion.system.replace(/^.*[:/]/, ''),
          tag: promotion.tag,
        }}
        hideWithoutRoles
        reloadKey={promotion.updatedAt}
      />
    </Box>
  );
};

/** "Product promotions": newest first, as the backend sends them. */
export const ProductPromotionsCard = ({
  promotions,
}: ProductPromotionsCardProps) => (
  <>
    <InfoCard
      title="Product promotions"
      titleTypographyProps={{ component: 'h2' }}
    >
      {promotions.items.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No product promotion yet.
        </Typography>
      ) : (
        <TableContainer>
          <Table size="small" aria-label="Product promotions">
            <TableHead>
              <TableRow>
                <TableCell>Version</TableCell>
                <TableCell>Environment</TableCell>
                <TableCell>State</TableCell>
                <TableCell>Created</TableCell>
                <TableCell>By</TableCell>
                <TableCell>Commit</TableCell>
                <TableCell>Components</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {promotions.items.map(promotion => (
                <TableRow key={promotion.id}>
                  <TableCell>{promotion.version}</TableCell>
                  <TableCell>{promotion.environment}</TableCell>
                  <TableCell>
                    <ProductPromotionStateChip state={promotion.state} />
                    {promotion.reason && (
                      <Typography
                        variant="caption"
                        component="span"
                        style={{ display: 'block' }}
                      >
                        {promotion.reason}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>
                    <RelativeTime value={promotion.createdAt} />
                  </TableCell>
                  <TableCell>
                    <ActorName actor={promotion.createdBy} />
                  </TableCell>
                  <TableCell>
                    {promotion.commit ? (
                      <code title={promotion.commit}>
                        {promotion.commit.slice(0, 7)}
                      </code>
                    ) : (
                      '–'
                    )}
                    {promotion.revertCommit && (
                      <Typography
                        variant="caption"
                        component="span"
                        style={{ display: 'block' }}
                      >
                        reverted by{' '}
                        <code title={promotion.revertCommit}>
                          {promotion.revertCommit.slice(0, 7)}
                        </code>
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>
                    <Members promotion={promotion} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </InfoCard>
    {promotions.items.map(p => (
      <ProductVotes key={p.id} promotion={p} />
    ))}
  </>
);
