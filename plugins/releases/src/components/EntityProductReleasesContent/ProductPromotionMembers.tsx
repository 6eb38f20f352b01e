import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { ProductPromotion } from '@releases-for-backstage/plugin-releases-common';
import { PromotionStateLabel } from '../PromotionStateLabel';
import { VersionText } from '../VersionText';
import { useComponentPromotionLink } from './componentPromotionLink';

/**
 * The components of a product promotion: what each gets, what it ran, the
 * state of its own promotion (linked on its Promotion tab), and those left
 * out because they already run their version.
 */
export const ProductPromotionMembers = ({
  promotion,
}: {
  promotion: ProductPromotion;
}) => {
  const promotionLink = useComponentPromotionLink();
  return (
    <>
      {promotion.members.length > 0 && (
        <Table
          size="small"
          aria-label={`Components of the promotion of ${promotion.tag} to ${promotion.environment}`}
        >
          <TableHead>
            <TableRow>
              <TableCell>Component</TableCell>
              <TableCell>Version</TableCell>
              <TableCell>Previous</TableCell>
              <TableCell>State</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {promotion.members.map(member => (
              <TableRow key={member.component}>
                <TableCell component="th" scope="row">
                  <Link
                    to={promotionLink(member.entityRef)}
                    title={`Promotion ${member.promotionId}`}
                  >
                    {member.component}
                  </Link>
                </TableCell>
                <TableCell>
                  <VersionText
                    version={member.version ?? member.manifestVersion}
                  />
                </TableCell>
                <TableCell>
                  <VersionText version={member.previousVersion} />
                </TableCell>
                <TableCell>
                  <PromotionStateLabel state={member.state} />
                  {member.reason && (
                    <Typography
                      variant="caption"
                      component="span"
                      style={{ display: 'block' }}
                    >
                      {member.reason}
                    </Typography>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {promotion.skipped.length > 0 && (
        <Box mt={1}>
          <Typography variant="body2" component="p">
            Left out:
          </Typography>
          <ul aria-label="Skipped components">
            {promotion.skipped.map(s => (
              <li key={s.component}>
                <Typography variant="body2" component="span">
                  {s.component} {s.version}: {s.reason}
                </Typography>
              </li>
            ))}
          </ul>
        </Box>
      )}
    </>
  );
};
