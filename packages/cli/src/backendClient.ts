/*
 * The Releases backend as the pipeline commands see it: JSON over HTTP with
 * Node's global fetch (Node 20+), a bearer token, and failures turned into
 * one line that names the URL and the status. The token never appears in
 * anything printed: it is only ever sent, and redacted from error text the
 * server might echo.
 */
import { BackendError, UsageError } from './errors';

/** The options every command that calls the backend takes. */
export interface BackendOptions {
  /** Base URL of the Releases API, e.g. `http://localhost:7007/api/releases`. */
  url?: string;
  /** Bearer token (a static external-access token for pipelines). */
  token?: string;
  /** Seconds to wait for an answer. */
  timeout?: string;
  json?: boolean;
}

/** Backstage's error body: `{ error: { name, message }, response: { statusCode } }`. */
interface BackstageErrorBody {
  error?: { name?: unknown; message?: unknown };
}

export class BackendClient {
  readonly #baseUrl: string;
  readonly #token: string | undefined;
  readonly #timeoutMs: number;

  private constructor(baseUrl: string, token: string | undefined, ms: number) {
    this.#baseUrl = baseUrl;
    this.#token = token;
    this.#timeoutMs = ms;
  }

  /** Checks the options; throws a UsageError naming the bad one. */
  static fromOptions(opts: BackendOptions): BackendClient {
    const raw = opts.url?.trim();
    if (!raw) {
      throw new UsageError(
        'No backend URL: pass --url or set RELEASES_URL (e.g. http://localhost:7007/api/releases)',
      );
    }
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new UsageError(`--url '${raw}' is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new UsageError(`--url '${raw}' must be an http or https URL`);
    }
    if (url.username || url.password) {
      // fetch refuses such URLs; and a secret in a URL ends up in CI logs.
      throw new UsageError(
        '--url must not contain credentials; pass the token with --token or RELEASES_TOKEN',
      );
    }
    if (url.search || url.hash) {
      throw new UsageError(
        `--url '${raw}' must be the API's base URL, without query or fragment`,
      );
    }
    const seconds = Number(opts.timeout ?? '30');
    if (!Number.isFinite(seconds) || seconds <= 0) {
      throw new UsageError(
        `--timeout '${opts.timeout}' must be a positive number of seconds`,
      );
    }
    const token = opts.token?.trim() || undefined;
    return new BackendClient(
      url.href.replace(/\/+$/, ''),
      token,
      Math.round(seconds * 1000),
    );
  }

  /** POSTs a JSON body to `{url}{path}`; resolves to the parsed JSON answer. */
  async post<T>(path: string, body: unknown): Promise<T> {
    const url = `${this.#baseUrl}${path}`;
    const where = `POST ${url}`;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (this.#token) headers.authorization = `Bearer ${this.#token}`;

    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        // A redirected POST would arrive as a GET, or without the token.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new BackendError(this.#unreachable(where, error), { url });
    }

    let text: string;
    try {
      text = await res.text();
    } catch (error) {
      throw new BackendError(this.#unreachable(where, error), { url });
    }
    const status = `HTTP ${res.status}${
      res.statusText ? ` ${res.statusText}` : ''
    }`;
    if (res.status >= 300 && res.status < 400) {
      const location = res.headers.get('location');
      throw new BackendError(
        `${where} answered ${status}${
          location ? `, redirecting to ${location}` : ''
        }; pass the API's final URL as --url`,
        { url, status: res.status },
      );
    }
    const parsed = parseJson(text);
    if (!res.ok) {
      const detail = errorDetail(parsed, text);
      throw new BackendError(
        this.#redact(`${where} failed with ${status}${detail}`),
        { url, status: res.status },
      );
    }
    if (parsed === undefined) {
      throw new BackendError(
        `${where} answered ${status} without a JSON body; is --url the Releases API (…/api/releases)?`,
        { url, status: res.status },
      );
    }
    return parsed as T;
  }

  #unreachable(where: string, error: unknown): string {
    // A DOMException, which is no `instanceof Error` in every realm.
    if ((error as { name?: unknown } | null)?.name === 'TimeoutError') {
      return `${where}: no answer within ${this.#timeoutMs / 1000} s`;
    }
    return this.#redact(`Cannot reach ${where}: ${causeOf(error)}`);
  }

  /** Removes the token from text that may echo it (a server's message). */
  #redact(text: string): string {
    return this.#token ? text.split(this.#token).join('***') : text;
  }
}

function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `: NotAllowedError: …` from a Backstage error body, else a short plain body. */
function errorDetail(parsed: unknown, text: string): string {
  const error = (parsed as BackstageErrorBody | undefined)?.error;
  if (error && typeof error.message === 'string') {
    const name = typeof error.name === 'string' ? `${error.name}: ` : '';
    return `: ${name}${error.message}`;
  }
  // A proxy's plain-text answer says something; an HTML page does not.
  const plain = text.trim();
  if (plain && plain.length <= 200 && !plain.startsWith('<')) {
    return `: ${plain.split('\n')[0]}`;
  }
  return '';
}

/** Node's fetch fails with `fetch failed`; the reason is in its cause. */
function causeOf(error: unknown): string {
  let cause: any = error;
  while (cause?.cause) cause = cause.cause;
  // Connecting to `localhost` tries ::1 and 127.0.0.1: an AggregateError.
  if (cause instanceof AggregateError && cause.errors.length > 0) {
    return cause.errors.map(e => e?.message || e?.code).join(', ');
  }
  return cause?.message || cause?.code || String(cause);
}
