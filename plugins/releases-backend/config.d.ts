import type { HumanDuration } from '@backstage/types';

export interface Config {
  /** Settings of the Releases for Backstage backend. */
  releases?: {
    git?: {
      /**
       * Folder for clones of remote repositories.
       * Default: `backstage-releases-git` in the OS temp folder.
       */
      cacheDir?: string;
      /**
       * Minimum time between two fetches of the same remote repository.
       * Default: one minute.
       */
      fetchInterval?: HumanDuration;
      /**
       * Lets entities name repositories by local path (relative paths are
       * resolved against the backend's working directory). Anyone who can
       * register an entity could then make the backend read any Git
       * repository on its host, so this is off by default; the demo turns it on.
       */
      dangerouslyAllowLocalRepositories?: boolean;
      /** Identity of commits and tags the backend writes. */
      author?: {
        /** Default: `Backstage Releases`. */
        name?: string;
        /** Default: `releases@backstage.invalid`. */
        email?: string;
      };
    };
    /**
     * Ordered environments a version moves through; each lives on the
     * branch `environment/<name>` of the environment repository.
     * Default: dev (dev), qa (qa), staging (staging), canary (prod), prod (prod).
     */
    environments?: Array<{
      /** Lower-case letters, digits and hyphens. */
      name: string;
      /** Version rules: dev runs WIP, qa gets rc tags, staging takes a tag, prod makes the final tag. */
      type: 'dev' | 'qa' | 'staging' | 'prod';
      description?: string;
      /**
       * Settings of each executor in this environment, by executor id (e.g.
       * `kubernetes`), over the same key of the `environment:` block of the
       * environment's `environment.yaml` (these win).
       */
      executors?: { [id: string]: object };
      /** Settings of each gate in this environment, by gate id. */
      gates?: { [id: string]: object };
      /** Settings of each verification step in this environment, by verifier id. */
      verifiers?: { [id: string]: object };
    }>;
    permissions?: {
      /**
       * Groups whose members may promote, abort and roll back any entity
       * (read by the portal's permission policy; owners may act on their
       * own entities); they are also sent the Backstage notifications of
       * every promotion. Default: `group:default/release-managers`.
       */
      releaseManagers?: string[];
      /**
       * Service principals allowed to take person-only actions (request,
       * approve, reject, abort and roll back promotions; refresh). By
       * default no service may: a pipeline's token reports deployments
       * only. `subject` is the principal's subject, e.g.
       * `external:ci-pipeline` for a static token with `subject:
       * ci-pipeline`, or `plugin:scaffolder`. The permission policy is
       * still asked.
       */
      allowServices?: Array<{
        subject: string;
        /** From: releases.entity.refresh, releases.promotion.create, releases.promotion.approve, releases.promotion.abort, releases.promotion.rollback. */
        permissions: string[];
      }>;
    };
    promotions?: {
      /**
       * How long verification may take after the executors ran (rollouts
       * followed, verification steps pending) before the promotion is
       * rolled back; the same limit applies to putting the previous
       * version back. Default: 10 minutes.
       */
      verificationTimeout?: HumanDuration;
      /** How often unfinished promotions are moved forward. Default: 5 seconds. */
      frequency?: HumanDuration;
      /**
       * Longest one pass of the promotion task may take before another
       * may start. A backend killed in the middle of a pass holds the task
       * until then (and the scheduler frees it within a minute after), so
       * promotions wait about this long after a crash; every step is
       * idempotent, so an overlapping pass is safe.
       * Default: 2 minutes.
       */
      timeout?: HumanDuration;
      /**
       * Environments whose promotions wait in `waiting-for-gates` until
       * someone with `releases.promotion.approve` approves (or rejects)
       * them; nothing is tagged or written before. Rollbacks do not wait.
       * Default: none.
       */
      requireApproval?: string[];
      /**
       * Lets the person who requested a promotion approve it too. Default:
       * false (someone else must approve).
       */
      allowSelfApproval?: boolean;
    };
    /**
     * Where the measured risk of a release chooses its gate (see
     * docs/risk.md): low goes through, medium needs a passed smoke result
     * for the version from an isolated test environment, high needs that
     * and a release manager's approval; a feature-toggled change needs
     * passed results with the toggle on and off. Rollbacks never wait.
     */
    risk?: {
      /**
       * Weights and thresholds over the defaults of docs/risk.md (any
       * subset of its keys). Checked at start: a policy that is not
       * monotone stops the backend with the key named.
       */
      policy?: object;
      /**
       * Environments where risk chooses the gate, each with the lowest
       * level it counts a release as (`minimum: high` makes every release
       * need smoke and approval there). Default: none.
       */
      environments?: {
        [environment: string]: { minimum?: 'low' | 'medium' | 'high' };
      };
      /**
       * Environments whose reported results count as from an isolated test
       * environment, besides results reported without an environment.
       */
      isolatedEnvironments?: string[];
    };
    /**
     * Go/no-go votes. Without this key no environment takes votes; with it,
     * `environments` default to `[prod]` and roles to module-lead, sre, qa
     * and product (groups module-leads, sre, qa, product).
     */
    votes?: {
      /** Environments whose promotions need a go from every role. */
      environments?: string[];
      /** Role name -> catalog groups whose members vote for it. */
      roles?: { [role: string]: string[] };
    };
    /**
     * Release windows and freezes per product (System name in the default
     * namespace); see docs/windows.md for the format.
     */
    windows?: { [system: string]: object };
    /**
     * Pipeline traces (see docs/products.md, "Pipeline trace"): the stages
     * pipelines report per version with `POST /pipelines`.
     */
    pipelines?: {
      /**
       * Environment name -> stages that must have succeeded for a version
       * (or, for a final version without stages of its own, its release
       * candidate) before it may enter; `skipped` does not count, a failed
       * one rejects the promotion. Rollbacks never wait. An unknown
       * environment stops the backend. Default: none.
       */
      requiredStages?: { [environment: string]: string[] };
    };
    /** Versions of the artifacts a release builds. */
    artifacts?: {
      /**
       * Template of the chart version shown in a version's pipeline trace:
       * `<module>` (component name), `<major>`, `<minor>`, `<patch>` and
       * `<sha>` (first 7 characters of the version's commit), e.g.
       * `<module>-<major>-<minor>-<patch>-<sha>`. Default: none (no chart version).
       */
      chartVersion?: string;
    };
    /** How promotions write to environment repositories. */
    environmentRepository?: {
      /**
       * Environment repositories on the host of a GitHub integration
       * (`integrations.github`) are written through a pull request, those on
       * the host of a GitLab integration (`integrations.gitlab`) through a
       * merge request, that the backend opens and merges with the
       * integration's token. A GitHub token then needs write access to
       * contents and pull requests, a GitLab token the `api` scope and a
       * role allowed to merge into the environment branch. `false` pushes to
       * the environment branch directly instead, on either host.
       * Repositories on other hosts are always pushed to directly (never
       * forced). Default: true.
       */
      pullRequests?: boolean;
    };
    /**
     * Where promotion state changes are announced besides Backstage
     * notifications (to the entity's owners) and signals (to open pages).
     */
    notifications?: {
      /** A Slack incoming webhook; links in its messages use `app.baseUrl`. */
      slack?: {
        /**
         * URL of the incoming webhook. Without it, nothing goes to Slack.
         * @visibility secret
         */
        webhookUrl?: string;
        /**
         * Promotion states that post a message.
         * Default: succeeded, failed, rolled-back, rejected, aborted, waiting-for-gates.
         */
        states?: Array<
          | 'requested'
          | 'waiting-for-gates'
          | 'approved'
          | 'executing'
          | 'verifying'
          | 'succeeded'
          | 'failed'
          | 'rolled-back'
          | 'rejected'
          | 'aborted'
        >;
      };
    };
    /** Promotions triggered by Jira issue transitions (`POST /webhooks/jira`). */
    jira?: {
      /**
       * Secret of the Jira webhook; Jira signs every request with it
       * (`X-Hub-Signature: sha256=...`). Without it, the route answers 404.
       * @visibility secret
       */
      webhookSecret?: string;
      /**
       * Jira status an issue moves to, and the environment its components
       * (Jira components named like catalog components) are promoted to.
       * Statuses match case-insensitively. Default: none.
       */
      transitions?: Array<{
        /** Jira status name, e.g. `Ready for Prod`. */
        status: string;
        /** One of `releases.environments`. */
        environment: string;
      }>;
    };
    refresh?: {
      /** How often every annotated entity is re-read from Git. Default: 5 minutes. */
      frequency?: HumanDuration;
      /** Time limit of one refresh run. Default: 10 minutes. */
      timeout?: HumanDuration;
      /** Delay before the first run after start. Default: 20 seconds. */
      initialDelay?: HumanDuration;
    };
  };
}
