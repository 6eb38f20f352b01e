/**
 * A Git host's REST API answered a way a publisher cannot go on from. The
 * base of GithubApiError and GitlabApiError, for callers that handle both.
 */
export class ScmApiError extends Error {
  /** HTTP status; null when no answer came (network error). */
  readonly status: number | null;
  /** Path of the repository on its host: `owner/name`, `group/subgroup/name`. */
  readonly repository: string;
  readonly method: string;
  /** Path and query below the API base URL. */
  readonly path: string;
  /** The host's own explanation of the failure. */
  readonly hostMessage: string;

  constructor(options: {
    /** Name of the host's API in the message: `GitHub`, `GitLab`. */
    api: string;
    status: number | null;
    repository: string;
    method: string;
    path: string;
    hostMessage: string;
    hint?: string;
  }) {
    super(
      `${options.api} API ${options.method} ${options.path} for ${
        options.repository
      } ${
        options.status === null
          ? 'got no answer'
          : `failed with ${options.status}`
      }: ${options.hostMessage}${options.hint ? ` (${options.hint})` : ''}`,
    );
    this.name = ScmApiError.name;
    this.status = options.status;
    this.repository = options.repository;
    this.method = options.method;
    this.path = options.path;
    this.hostMessage = options.hostMessage;
  }
}
