import type {
  PromotionCheckContext,
  PromotionGate,
} from '@releases-for-backstage/plugin-releases-node';

/**
 * A person's approval, on the environments configured in
 * `releases.promotions.requireApproval`, and wherever the release's risk
 * asks for one (`approvalNeeded`: a high-risk release needs a release
 * manager's). Someone other than the requester must approve unless
 * self-approval is allowed; a rejection fails the gate. Rollbacks are the
 * way out of a bad release: they never wait.
 */
export class ApprovalGate implements PromotionGate {
  readonly id = 'approval';

  constructor(
    private readonly options: {
      environments: string[];
      allowSelfApproval: boolean;
      /** True when the release's risk needs a release manager's approval. */
      approvalNeeded?: (context: PromotionCheckContext) => Promise<boolean>;
      /** Whether a user is a release manager (member of their groups). */
      isReleaseManager?: (actor: string) => Promise<boolean>;
    },
  ) {}

  async evaluate(context: PromotionCheckContext) {
    if (context.rollback) return null;
    const configured = this.options.environments.includes(
      context.environment.name,
    );
    const byRisk =
      !!this.options.approvalNeeded &&
      (await this.options.approvalNeeded(context));
    if (!configured && !byRisk) return null;
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
    const approvals = counted.filter(d => d.decision === 'approve');
    let approval = approvals[0];
    if (byRisk && this.options.isReleaseManager) {
      approval = undefined as unknown as (typeof approvals)[number];
      for (const a of approvals) {
        if (await this.options.isReleaseManager(a.actor)) {
          approval = a;
          break;
        }
      }
    }
    if (approval)
      return {
        status: 'met' as const,
        detail: `approved by ${approval.actor}`,
      };
    if (!byRisk) {
      return {
        status: 'pending' as const,
        detail: this.options.allowSelfApproval
          ? `a person's approval for ${context.environment.name}`
          : `approval by someone other than ${context.requestedBy}`,
      };
    }
    return {
      status: 'pending' as const,
      detail: `a release manager's approval, since the release is high risk${
        this.options.allowSelfApproval
          ? ''
          : ` (someone other than ${context.requestedBy})`
      }${
        approvals.length > 0
          ? `; ${approvals
              .map(a => a.actor)
              .join(', ')} approved but not as release manager`
          : ''
      }`,
    };
  }
}
