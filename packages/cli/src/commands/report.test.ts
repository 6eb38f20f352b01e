import { execFile } from 'node:child_process';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { releases } from '../testUtils/releases';

jest.setTimeout(30_000);

interface Received {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Reply {
  status: number;
  body?: string | object;
  headers?: Record<string, string>;
}

/** A real HTTP server on a free port that records what it receives. */
class RecordingServer {
  readonly received: Received[] = [];
  reply: (req: Received) => Reply = () => ({ status: 201, body: {} });
  readonly #server: Server;

  constructor() {
    this.#server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', chunk => (body += chunk));
      req.on('end', () => {
        const received = {
          method: req.method,
          url: req.url,
          headers: req.headers,
          body,
        };
        this.received.push(received);
        const reply = this.reply(received);
        if (reply.status === 0) return; // never answer
        const text =
          typeof reply.body === 'string'
            ? reply.body
            : JSON.stringify(reply.body ?? {});
        res.writeHead(reply.status, {
          'content-type':
            typeof reply.body === 'string' ? 'text/plain' : 'application/json',
          ...reply.headers,
        });
        res.end(text);
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>(resolve =>
      this.#server.listen(0, '127.0.0.1', resolve),
    );
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/api/releases`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise(resolve => this.#server.close(resolve));
  }

  /** The one request received, its body parsed. */
  only() {
    if (this.received.length !== 1) {
      throw new Error(`expected 1 request, received ${this.received.length}`);
    }
    const [r] = this.received;
    return { ...r, json: JSON.parse(r.body) };
  }
}

/** Backstage's error body, as its error middleware writes it. */
function backstageError(status: number, name: string, message: string) {
  return {
    error: { name, message },
    request: { method: 'POST', url: '/api/releases/changes' },
    response: { statusCode: status },
  };
}

const TOKEN = 's3cret-pipeline-token';

const changeRisk = {
  id: '#12',
  title: 'feat(cart): coupons',
  commits: ['816018a9b0c1d2e3f405162738495a6b7c8d9e0f'],
  level: 'high',
  points: 9,
  labels: {
    component: { value: 'L', source: 'pipeline' },
    change: { value: 'S', source: 'pipeline' },
  },
  unknown: [],
  contributions: [],
  reasons: ['component L: 4 points'],
  hardRule: null,
};

const testResult = {
  id: 'r-1',
  entityRef: 'component:default/cart',
  version: '1.4.0',
  environment: null,
  kind: 'smoke',
  status: 'passed',
  toggle: null,
  url: null,
  summary: null,
  reportedBy: 'external:ci-pipeline',
  reportedAt: '2026-12-01T23:00:00.000Z',
};

let server: RecordingServer;
let url: string;
const savedEnv = { ...process.env };

beforeEach(async () => {
  // A developer's or CI's own settings must not leak into the tests.
  delete process.env.RELEASES_URL;
  delete process.env.RELEASES_TOKEN;
  server = new RecordingServer();
  url = await server.start();
});

afterEach(async () => {
  process.env = { ...savedEnv };
  await server.close();
});

describe('releases changes report', () => {
  it('sends the labels as the API types them, with the token, and prints the risk', async () => {
    server.reply = () => ({ status: 201, body: changeRisk });
    const res = await releases(
      'changes',
      'report',
      '--url',
      url,
      '--token',
      TOKEN,
      '--entity',
      'component:default/cart',
      '--change',
      '#12',
      '--label',
      'component=L',
      '--label',
      'change:s',
      '--label',
      'ft-coverage=85',
      '--label',
      'functional=TRUE',
      '--label',
      'feature-toggle:false',
    );
    expect(res).toEqual({
      code: 0,
      stdout: '#12 is high risk (9 points)\n',
      stderr: '',
    });
    const received = server.only();
    expect(received.method).toBe('POST');
    expect(received.url).toBe('/api/releases/changes');
    expect(received.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
    });
    expect(received.json).toEqual({
      entityRef: 'component:default/cart',
      change: '#12',
      labels: {
        component: 'L',
        change: 'S',
        'ft-coverage': 85,
        functional: true,
        'feature-toggle': false,
      },
    });
  });

  it('takes URL and token from the environment, completes kind:name and prints the body with --json', async () => {
    process.env.RELEASES_URL = `${url}/`;
    process.env.RELEASES_TOKEN = TOKEN;
    const sha = '816018a9b0c1d2e3f405162738495a6b7c8d9e0f';
    const risk = { ...changeRisk, id: sha, level: 'low', points: 1 };
    server.reply = () => ({ status: 201, body: risk });
    const res = await releases(
      'changes',
      'report',
      '--entity',
      'Component:cart',
      '--change',
      '816018a',
      '--label',
      'change=XS',
      '--json',
    );
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('');
    expect(JSON.parse(res.stdout)).toEqual(risk);
    expect(res.stdout.trim().split('\n')).toHaveLength(1);
    const received = server.only();
    // The trailing slash of the base URL does not double.
    expect(received.url).toBe('/api/releases/changes');
    expect(received.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(received.json).toEqual({
      entityRef: 'component:default/cart',
      change: '816018a',
      labels: { change: 'XS' },
    });

    const human = await releases(
      'changes',
      'report',
      '--entity',
      'component:cart',
      '--change',
      '816018a',
      '--label',
      'change=XS',
    );
    expect(human.stdout).toBe(`${sha} is low risk (1 point)\n`);
  });

  it('sends no Authorization header without a token', async () => {
    server.reply = () => ({ status: 201, body: changeRisk });
    const res = await releases(
      'changes',
      'report',
      '--url',
      url,
      '--entity',
      'component:default/cart',
      '--change',
      '12',
      '--label',
      'change=M',
    );
    expect(res.code).toBe(0);
    expect(server.only().headers.authorization).toBeUndefined();
    expect(server.only().json.change).toBe('12');
  });

  it.each<[string, string[], RegExp]>([
    [
      'an unknown label',
      ['--label', 'size=L'],
      /unknown risk label 'size'; labels: component, change, ft-coverage, functional, feature-toggle$/,
    ],
    [
      'a misspelt label among good ones',
      ['--label', 'change=S', '--label', 'coverage:80'],
      /unknown risk label 'coverage'/,
    ],
    [
      'a size that is none',
      ['--label', 'change=XXL'],
      /^releases: Invalid risk label 'change: XXL'; allowed: XS, S, M, L, XL$/,
    ],
    [
      'coverage above 100',
      ['--label', 'ft-coverage=140'],
      /Invalid risk label 'ft-coverage: 140'; allowed: an integer from 0 to 100$/,
    ],
    [
      'coverage that is no integer',
      ['--label', 'ft-coverage=85.5'],
      /Invalid risk label 'ft-coverage: 85\.5'/,
    ],
    [
      'a boolean that is none',
      ['--label', 'functional=maybe'],
      /Invalid risk label 'functional: maybe'; allowed: true, false$/,
    ],
    [
      'two values for one label',
      ['--label', 'change=S', '--label', 'change:L'],
      /Invalid risk label 'change: S and L'; allowed: a single value/,
    ],
    [
      'a label without value',
      ['--label', 'change'],
      /--label 'change' has no value: expected name=value or name:value/,
    ],
    ['no label', [], /Pass at least one --label/],
  ])('refuses %s without a request', async (_, labels, message) => {
    const res = await releases(
      'changes',
      'report',
      '--url',
      url,
      '--entity',
      'component:default/cart',
      '--change',
      '#12',
      ...labels,
    );
    expect(res.stderr.trimEnd()).toMatch(message);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect({ code: res.code, stdout: res.stdout }).toEqual({
      code: 2,
      stdout: '',
    });
    expect(server.received).toEqual([]);
  });

  it.each<[string, string[], RegExp]>([
    [
      'a ref without kind',
      ['--entity', 'cart'],
      /--entity 'cart' is not an entity reference: expected kind:namespace\/name or kind:name/,
    ],
    [
      'a ref with two namespaces',
      ['--entity', 'component:default/shop/cart'],
      /--entity 'component:default\/shop\/cart' is not an entity reference/,
    ],
    ['a missing entity', ['--entity', ''], /Missing --entity/],
    [
      'a change that is neither number nor sha',
      ['--change', 'PR-12'],
      /--change 'PR-12' is neither a pull request number \(12 or #12\) nor a commit sha \(7 to 40 hex digits\)/,
    ],
    ['a sha too short', ['--change', 'abc12'], /--change 'abc12' is neither/],
    [
      'a sha too long',
      ['--change', 'a'.repeat(41)],
      /--change 'a{41}' is neither/,
    ],
    ['pull request 0', ['--change', '#0'], /--change '#0' is neither/],
    ['a missing change', ['--change', ''], /Missing --change/],
  ])('refuses %s without a request', async (_, args, message) => {
    const defaults: Record<string, string> = {
      '--entity': 'component:default/cart',
      '--change': '#12',
    };
    for (let i = 0; i < args.length; i += 2) delete defaults[args[i]];
    const res = await releases(
      'changes',
      'report',
      '--url',
      url,
      ...Object.entries(defaults).flat(),
      ...args,
      '--label',
      'change=S',
    );
    expect(res.stderr.trimEnd()).toMatch(message);
    expect({ code: res.code, stdout: res.stdout }).toEqual({
      code: 2,
      stdout: '',
    });
    expect(server.received).toEqual([]);
  });
});

describe('releases results report', () => {
  it('sends every option the API has and prints what was recorded', async () => {
    server.reply = () => ({
      status: 201,
      body: {
        ...testResult,
        environment: 'staging',
        toggle: 'on',
        url: 'https://ci.example.com/runs/42',
        summary: '12 checks',
      },
    });
    const res = await releases(
      'results',
      'report',
      '--url',
      url,
      '--token',
      TOKEN,
      '--entity',
      'component:default/cart',
      '--version',
      'v1.4.0',
      '--kind',
      'smoke',
      '--status',
      'passed',
      '--environment',
      'staging',
      '--toggle',
      'on',
      '--run-url',
      'https://ci.example.com/runs/42',
      '--summary',
      '12 checks',
    );
    expect(res).toEqual({
      code: 0,
      stdout:
        'smoke passed for cart 1.4.0 in staging with the toggle on recorded\n',
      stderr: '',
    });
    const received = server.only();
    expect(received.url).toBe('/api/releases/results');
    expect(received.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
    });
    expect(received.json).toEqual({
      entityRef: 'component:default/cart',
      version: 'v1.4.0',
      kind: 'smoke',
      status: 'passed',
      environment: 'staging',
      toggle: 'on',
      url: 'https://ci.example.com/runs/42',
      summary: '12 checks',
    });
  });

  it('leaves the optional fields out when not given', async () => {
    server.reply = () => ({ status: 201, body: testResult });
    const res = await releases(
      'results',
      'report',
      '--url',
      url,
      '--entity',
      'component:cart',
      '--version',
      '1.4.0',
      '--kind',
      'smoke',
      '--status',
      'passed',
    );
    expect(res).toEqual({
      code: 0,
      stdout: 'smoke passed for cart 1.4.0 recorded\n',
      stderr: '',
    });
    expect(server.only().json).toEqual({
      entityRef: 'component:default/cart',
      version: '1.4.0',
      kind: 'smoke',
      status: 'passed',
    });

    const json = await releases(
      'results',
      'report',
      '--url',
      url,
      '--entity',
      'component:cart',
      '--version',
      '1.4.0',
      '--kind',
      'smoke',
      '--status',
      'passed',
      '--json',
    );
    expect(JSON.parse(json.stdout)).toEqual(testResult);
  });

  it.each<[string, string[], RegExp]>([
    [
      'an unknown kind',
      ['--kind', 'unit'],
      /^releases: --kind 'unit' is invalid; one of: smoke, integration, load, security, chaos, coverage$/,
    ],
    [
      'an unknown status',
      ['--status', 'ok'],
      /--status 'ok' is invalid; one of: passed, failed$/,
    ],
    [
      'an unknown toggle state',
      ['--toggle', 'true'],
      /--toggle 'true' is invalid; one of: on, off$/,
    ],
    ['a missing kind', ['--kind'], /option '--kind <kind>' argument missing/],
    [
      'a version that is none',
      ['--version', 'latest'],
      /--version 'latest' is neither a release version nor a release tag/,
    ],
    [
      'a run URL that is none',
      ['--run-url', 'runs/42'],
      /--run-url 'runs\/42' is not an http or https URL/,
    ],
    ['an empty summary', ['--summary', ' '], /--summary is empty/],
    [
      'a bad entity ref',
      ['--entity', 'component:default/'],
      /--entity 'component:default\/' is not an entity reference/,
    ],
    [
      'a backend URL that is none',
      ['--url', 'localhost:7007'],
      /--url 'localhost:7007' must be an http or https URL/,
    ],
    [
      'credentials in the backend URL',
      ['--url', 'http://ci:pw@localhost:7007/api/releases'],
      /--url must not contain credentials; pass the token with --token or RELEASES_TOKEN/,
    ],
    [
      'a timeout that is none',
      ['--timeout', 'soon'],
      /--timeout 'soon' must be a positive number of seconds/,
    ],
  ])('refuses %s without a request', async (_, args, message) => {
    const options: Record<string, string> = {
      '--url': url,
      '--entity': 'component:default/cart',
      '--version': '1.4.0',
      '--kind': 'smoke',
      '--status': 'passed',
    };
    delete options[args[0]];
    const res = await releases(
      'results',
      'report',
      ...Object.entries(options).flat(),
      ...args,
    );
    expect(res.stderr.trimEnd()).toMatch(message);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect({ code: res.code, stdout: res.stdout }).toEqual({
      code: 2,
      stdout: '',
    });
    expect(server.received).toEqual([]);
  });

  it("exits 2 for an unknown option, with commander's suggestion", async () => {
    const res = await releases(
      'results',
      'report',
      '--url',
      url,
      '--envirnoment',
      'qa',
    );
    expect(res).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "error: unknown option '--envirnoment'\n(Did you mean --environment?)\n",
    });
    expect(server.received).toEqual([]);
  });

  it('needs a backend URL', async () => {
    const res = await releases(
      'results',
      'report',
      '--entity',
      'component:default/cart',
      '--version',
      '1.4.0',
      '--kind',
      'smoke',
      '--status',
      'passed',
    );
    expect(res).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'releases: No backend URL: pass --url or set RELEASES_URL (e.g. http://localhost:7007/api/releases)\n',
    });
  });
});

describe('backend failures', () => {
  const report = (...more: string[]) =>
    releases(
      'results',
      'report',
      '--url',
      url,
      '--token',
      TOKEN,
      '--entity',
      'component:default/cart',
      '--version',
      '1.4.0',
      '--kind',
      'smoke',
      '--status',
      'passed',
      ...more,
    );

  it.each<[number, Reply['body'], string]>([
    [
      400,
      backstageError(
        400,
        'InputError',
        'component:default/cart has no release 1.4.0 (no tag v1.4.0)',
      ),
      'HTTP 400 Bad Request: InputError: component:default/cart has no release 1.4.0 (no tag v1.4.0)',
    ],
    [
      403,
      backstageError(
        403,
        'NotAllowedError',
        'You are not allowed to report results',
      ),
      'HTTP 403 Forbidden: NotAllowedError: You are not allowed to report results',
    ],
    [
      503,
      'upstream connect error',
      'HTTP 503 Service Unavailable: upstream connect error',
    ],
    [
      503,
      '<html><body>Bad gateway</body></html>',
      'HTTP 503 Service Unavailable',
    ],
  ])(
    'prints the message of a %i with the status and exits 1',
    async (status, body, detail) => {
      server.reply = () => ({ status, body });
      const res = await report();
      expect(res).toEqual({
        code: 1,
        stdout: '',
        stderr: `releases: POST ${url}/results failed with ${detail}\n`,
      });
      expect(server.received).toHaveLength(1);
    },
  );

  it('never prints the token, even when the server echoes it', async () => {
    server.reply = req => ({
      status: 401,
      body: backstageError(
        401,
        'AuthenticationError',
        `Unknown token ${req.headers.authorization}`,
      ),
    });
    const res = await report();
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(
      `releases: POST ${url}/results failed with HTTP 401 Unauthorized: AuthenticationError: Unknown token Bearer ***\n`,
    );
    process.env.RELEASES_TOKEN = TOKEN;
    const help = await releases('results', 'report', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('RELEASES_TOKEN');
    expect(help.stdout + help.stderr).not.toContain(TOKEN);
  });

  it('names the URL when nothing listens there', async () => {
    await server.close();
    const res = await report();
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    const port = new URL(url).port;
    expect(res.stderr).toBe(
      `releases: Cannot reach POST ${url}/results: connect ECONNREFUSED 127.0.0.1:${port}\n`,
    );
    expect(res.stderr).not.toContain(TOKEN);
    server = new RecordingServer(); // for afterEach
    await server.start();
  });

  it('gives up after --timeout seconds', async () => {
    server.reply = () => ({ status: 0 });
    const res = await report('--timeout', '0.3');
    expect(res).toEqual({
      code: 1,
      stdout: '',
      stderr: `releases: POST ${url}/results: no answer within 0.3 s\n`,
    });
  });

  it('does not follow a redirect, which would drop the body', async () => {
    server.reply = () => ({
      status: 308,
      body: '',
      headers: {
        location: 'https://releases.example.com/api/releases/results',
      },
    });
    const res = await report();
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(
      `releases: POST ${url}/results answered HTTP 308 Permanent Redirect, redirecting to https://releases.example.com/api/releases/results; pass the API's final URL as --url\n`,
    );
    expect(server.received).toHaveLength(1);
  });

  it('refuses a success without JSON, as from a wrong --url', async () => {
    server.reply = () => ({ status: 200, body: '<html>Backstage</html>' });
    const res = await report();
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(
      /answered HTTP 200 OK without a JSON body; is --url the Releases API/,
    );
  });
});

describe('the releases binary', () => {
  it('reports a result and exits 2 on bad input', async () => {
    server.reply = () => ({ status: 201, body: testResult });
    const bin = join(__dirname, '../../bin/releases');
    const env = { ...process.env, RELEASES_URL: url, RELEASES_TOKEN: TOKEN };
    const args = [
      bin,
      'results',
      'report',
      '--entity',
      'component:default/cart',
      '--version',
      '1.4.0',
      '--kind',
      'smoke',
    ];
    const ok = await promisify(execFile)(
      process.execPath,
      [...args, '--status', 'passed'],
      { env },
    );
    expect(ok).toEqual({
      stdout: 'smoke passed for cart 1.4.0 recorded\n',
      stderr: '',
    });
    expect(server.only().headers.authorization).toBe(`Bearer ${TOKEN}`);

    await expect(
      promisify(execFile)(process.execPath, [...args, '--status', 'green'], {
        env,
      }),
    ).rejects.toMatchObject({
      code: 2,
      stdout: '',
      stderr: "releases: --status 'green' is invalid; one of: passed, failed\n",
    });
    expect(server.received).toHaveLength(1);
  });
});
