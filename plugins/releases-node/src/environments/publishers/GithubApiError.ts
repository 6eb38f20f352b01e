import { ScmApiError } from './ScmApiError';

/** GitHub's REST API answered a way the publisher cannot go on from. */
export class GithubApiError extends ScmApiError {
  /** GitHub's own explanation (`message`, plus any validation `errors`). */
  readonly githubMessage: string;

  constructor(options: {
    status: number | null;
    /** `owner/name` of the repository. */
    repository: string;
    method: string;
    path: string;
    githubMessage: string;
    hint?: string;
  }) {
    super({ ...options, api: 'GitHub', hostMessage: options.githubMessage });
    this.name = GithubApiError.name;
    this.githubMessage = options.githubMessage;
  }
}
