import {
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import type { EnvironmentStatus } from '@releases-for-backstage/plugin-releases-common';

/** @public */
export interface DeploymentStatusProps {
  status: EnvironmentStatus['status'];
}

const STATUS = {
  deployed: { Icon: StatusOK, label: 'deployed' },
  deploying: { Icon: StatusPending, label: 'deploying' },
  failed: { Icon: StatusError, label: 'failed' },
} as const;

/** Icon and label on one line, never broken inside the label. */
const LABEL_STYLE = {
  display: 'inline-flex',
  alignItems: 'baseline',
  whiteSpace: 'nowrap',
} as const;

/**
 * Status of the latest deployment into an environment: deployed,
 * deploying, failed, or "–" when nothing was deployed. The icons of
 * `@backstage/core-components` hide themselves from screen readers, so the
 * label stays outside them.
 */
export const DeploymentStatus = ({ status }: DeploymentStatusProps) => {
  if (!status) return <>–</>;
  const { Icon, label } = STATUS[status];
  return (
    <span style={LABEL_STYLE}>
      <Icon />
      {label}
    </span>
  );
};
