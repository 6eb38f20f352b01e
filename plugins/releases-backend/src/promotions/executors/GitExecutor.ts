import { environmentBranch } from '@releases-for-backstage/plugin-releases-common';
import type {
  EnvironmentRepository,
  PromotionExecution,
  PromotionExecutor,
} from '@releases-for-backstage/plugin-releases-node';

/** Where a promotion's entity keeps its code and its environments. */
export interface GitExecutorTarget {
  /** The application repository (for the `appRepo` entry). */
  repo: string;
  environmentRepo: EnvironmentRepository;
}

/**
 * The built-in executor, always first: records the version on the
 * environment branch, which is the truth of what runs where. Its handle is
 * the commit; undoing it writes a revert commit that puts back the entry
 * the commit replaced, so history is never rewritten.
 */
export class GitExecutor implements PromotionExecutor {
  readonly id = 'git';

  constructor(
    private readonly options: {
      target: (entityRef: string) => Promise<GitExecutorTarget>;
      author: { name: string; email: string };
      /** Extra trailers of the environment commit (the votes it ran with). */
      trailers?: (execution: PromotionExecution) => Promise<string[]>;
    },
  ) {}

  async execute(execution: PromotionExecution) {
    const { environmentRepo, repo } = await this.options.target(
      execution.entityRef,
    );
    const env = execution.environment;
    if (execution.undo) {
      const commit = execution.undo.handle?.commit;
      if (typeof commit !== 'string') return { commit: null };
      const previous =
        (await environmentRepo.readAt(`${commit}^`, env))?.components[
          execution.component
        ] ?? null;
      const reverted = await environmentRepo.revertDeployment({
        env,
        component: execution.component,
        previous,
        revertOf: { promotionId: execution.promotionId, commit },
        message: `Revert "${this.subject(
          { ...execution, version: execution.undo.version },
          false,
        )}"\n\nThis reverts commit ${commit}.\n\n${
          execution.undo.reason
        }\n\nPromotion-Id: ${execution.promotionId}\n`,
        author: this.options.author,
      });
      return { commit: reverted.sha };
    }
    const trailers = this.options.trailers
      ? await this.options.trailers(execution)
      : [];
    const written = await environmentRepo.writeDeployment({
      env,
      component: execution.component,
      deployment: {
        version: execution.version!,
        commit: execution.sha,
        appRepo: repo,
        updatedAt: new Date().toISOString(),
        updatedBy: execution.actor,
        promotion: execution.promotionId,
        ...(typeof execution.schema === 'number'
          ? { schema: execution.schema }
          : {}),
      },
      message: `${this.subject(
        execution,
        execution.rollback,
      )}\n\nPromotion-Id: ${execution.promotionId}\nActor: ${
        execution.actor
      }\n${trailers.map(t => `${t.replace(/[\r\n]+/g, ' ')}\n`).join('')}`,
      author: this.options.author,
    });
    return {
      commit: written.sha,
      branch: environmentBranch(env.name),
      ...(written.pullRequestUrl
        ? { pullRequestUrl: written.pullRequestUrl }
        : {}),
    };
  }

  private subject(execution: PromotionExecution, rollback: boolean): string {
    return `${rollback ? 'rollback' : 'promote'}(${execution.component}): ${
      execution.version
    } to ${execution.environment.name}`;
  }
}
