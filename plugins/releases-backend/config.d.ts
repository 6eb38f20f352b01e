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
    }>;
    permissions?: {
      /**
       * Groups whose members may promote, abort and roll back any entity
       * (read by the portal's permission policy; owners may act on their
       * own entities). Default: `group:default/release-managers`.
       */
      releaseManagers?: string[];
    };
    promotions?: {
      /** How often unfinished promotions are moved forward. Default: 5 seconds. */
      frequency?: HumanDuration;
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
