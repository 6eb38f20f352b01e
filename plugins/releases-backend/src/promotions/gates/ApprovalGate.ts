import type {
  PromotionCheckContext,
  PromotionGate,
} from '@releases-for-backstage/plugin-releases-node';

/**
 * A person's approval, on the environments configured in
 * `releases.promotions.requireApproval`. Someone other than the requester
 * must approve unless self-approval is allowed; a rejection fails the
 * gate. Rollbacks are the way out of a bad release: they never wait.
 */
export class ApprovalGate implements PromotionGate {
  readonly id = 'approval';

  constructor(
    private readonly options: {
      environments: string[];
      allowSelfApproval: boolean;
    },
  ) {}

  async evaluate(context: PromotionCheckContext) {
    if (
      context.rollback ||
      !this.options.environments.includes(context.environment.name)
    )
      return null;
    const counted = context.decisions.filter(
      d => this.options.allowSelfApproval || d.actor !== context.requestedBy,
    );
    const rejection = counted.find(d => d.decision === 'reject');
    if (rejection) {
      return {
        status: 'failed' as const,
        detail: `rejected by ${rejection.actor}${
          rejection.reason ? `: ${rejection.reason}` : ''
        }`,
      };
    }
    const approval = counted.find(d => d.decision === 'approve');
    if (approval)
      return {
        status: 'met' as const,
        detail: `approved by ${approval.actor}`,
      };
    return {
      status: 'pending' as const,
      detail: this.options.allowSelfApproval
        ? `a person's approval for ${context.environment.name}`
        : `approval by someone other than ${context.requestedBy}`,
    };
  }
}
