import { parseEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';
import useAsync from 'react-use/esm/useAsync';

/**
 * "Part of product promotion a1b2c3d4 of shop 2.2.0": the product and
 * version are read once; without them the short id still says it.
 */
export const PartOfProductPromotion = ({ id }: { id: string }) => {
  const api = useApi(releasesApiRef);
  const { value } = useAsync(() => api.getProductPromotion(id), [api, id]);
  const of = value
    ? ` of ${parseEntityRef(value.system).name} ${value.version}`
    : '';
  return (
    <Typography variant="body2" color="textSecondary" paragraph title={id}>
      {`Part of product promotion ${id.slice(0, 8)}${of}`}
    </Typography>
  );
};
