import { ScmApiError } from './ScmApiError';

/** GitLab's REST API answered a way the publisher cannot go on from. */
export class GitlabApiError extends ScmApiError {
  /** GitLab's own explanation (`message` or `error_description`, flattened). */
  readonly gitlabMessage: string;

  constructor(options: {
    status: number | null;
    /** Path of the project, e.g. `group/subgroup/name` (`repository` too). */
    repository: string;
    method: string;
    path: string;
    gitlabMessage: string;
    hint?: string;
  }) {
    super({ ...options, api: 'GitLab', hostMessage: options.gitlabMessage });
    this.name = GitlabApiError.name;
    this.gitlabMessage = options.gitlabMessage;
  }
}
