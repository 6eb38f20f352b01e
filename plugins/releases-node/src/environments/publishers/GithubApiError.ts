/** GitHub's REST API answered a way the publisher cannot go on from. */
export class GithubApiError extends Error {
  /** HTTP status; null when no answer came (network error). */
  readonly status: number | null;
  /** `owner/name` of the repository. */
  readonly repository: string;
  readonly method: string;
  readonly path: string;
  /** GitHub's own explanation (`message`, plus any validation `errors`). */
  readonly githubMessage: string;

  constructor(options: {
    status: number | null;
    repository: string;
    method: string;
    path: string;
    githubMessage: string;
    hint?: string;
  }) {
    super(
      `GitHub API ${options.method} ${options.path} for ${options.repository} ${
        options.status === null ? 'got no answer' : `failed with ${options.status}`
      }: ${options.githubMessage}${options.hint ? ` (${options.hint})` : ''}`,
    );
    this.name = GithubApiError.name;
    this.status = options.status;
    this.repository = options.repository;
    this.method = options.method;
    this.path = options.path;
    this.githubMessage = options.githubMessage;
  }
}
