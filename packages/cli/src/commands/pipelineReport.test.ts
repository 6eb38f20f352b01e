import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { releases } from '../testUtils/releases';

jest.setTimeout(30_000);

const TOKEN = 's3cret-pipeline-token';
const stage = (name: string, status: string) => ({
  name,
  status,
  startedAt: null,
  finishedAt: null,
  url: null,
  detail: null,
  reportedBy: 'external:ci',
  reportedAt: '2026-12-03T10:05:00.000Z',
});
const TRACE = {
  entityRef: 'component:default/cart',
  version: 'v1.5.0-rc.1',
  stages: [stage('build', 'succeeded'), stage('unit-tests', 'succeeded')],
  chartVersion: 'cart-1-5-0-1a2b3c4',
};

interface Received {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  json: any;
}

/** A real HTTP server on a free port that records what it receives. */
class RecordingServer {
  readonly received: Received[] = [];
  reply: () => { status: number; body: object } = () => ({
    status: 201,
    body: TRACE,
  });
  readonly #server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      this.received.push({
        method: req.method,
        url: req.url,
        headers: req.headers,
        json: JSON.parse(body),
      });
      const reply = this.reply();
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });

  async start(): Promise<string> {
    await new Promise<void>(r => this.#server.listen(0, '127.0.0.1', r));
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/api/releases`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise(r => this.#server.close(r));
  }
}

let server: RecordingServer;
let url: string;
const savedEnv = { ...process.env };

beforeEach(async () => {
  delete process.env.RELEASES_URL;
  delete process.env.RELEASES_TOKEN;
  server = new RecordingServer();
  url = await server.start();
});

afterEach(async () => {
  process.env = { ...savedEnv };
  await server.close();
});

describe('releases pipeline report', () => {
  it('sends every stage with its fields and the token, and prints what was recorded', async () => {
    const res = await releases(
      'pipeline',
      'report',
      '--url',
      url,
      '--token',
      TOKEN,
      '--entity',
      'component:cart',
      '--version',
      'v1.5.0-rc.1',
      '--stage',
      'build=succeeded',
      '--stage',
      'unit-tests=succeeded,url=https://ci.example.com/runs/1?a=1,b=2,started=2026-12-03T10:00:00Z,finished=2026-12-03T10:04:00+00:00,detail=coverage 84%, 0 skipped',
      '--sha',
      '1A2B3C4',
    );
    expect(res).toEqual({
      code: 0,
      stdout:
        'build succeeded, unit-tests succeeded recorded for cart v1.5.0-rc.1 (chart cart-1-5-0-1a2b3c4)\n',
      stderr: '',
    });
    expect(server.received).toHaveLength(1);
    const [received] = server.received;
    expect(received.method).toBe('POST');
    expect(received.url).toBe('/api/releases/pipelines');
    expect(received.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(received.json).toEqual({
      entityRef: 'component:default/cart',
      version: 'v1.5.0-rc.1',
      sha: '1a2b3c4',
      stages: [
        { name: 'build', status: 'succeeded' },
        {
          name: 'unit-tests',
          status: 'succeeded',
          url: 'https://ci.example.com/runs/1?a=1,b=2',
          startedAt: '2026-12-03T10:00:00Z',
          finishedAt: '2026-12-03T10:04:00+00:00',
          detail: 'coverage 84%, 0 skipped',
        },
      ],
    });
  });

  it('takes URL and token from the environment and prints the trace with --json', async () => {
    process.env.RELEASES_URL = url;
    process.env.RELEASES_TOKEN = TOKEN;
    const res = await releases(
      'pipeline',
      'report',
      '--entity',
      'component:default/cart',
      '--version',
      'v1.5.0-rc.1',
      '--stage',
      'unit-tests=failed',
      '--json',
    );
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual(TRACE);
    expect(res.stdout.trim().split('\n')).toHaveLength(1);
    expect(server.received[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.received[0].json.stages).toEqual([
      { name: 'unit-tests', status: 'failed' },
    ]);
  });

  it.each<[string, string[], RegExp]>([
    ['no stage', [], /^releases: Pass at least one --stage, e\.g\./],
    [
      'a stage without status',
      ['--stage', 'unit-tests'],
      /--stage 'unit-tests' has no status: expected name=status/,
    ],
    [
      'an unknown status',
      ['--stage', 'unit-tests=passed'],
      /--stage unit-tests 'passed' is invalid; one of: running, succeeded, failed, skipped/,
    ],
    [
      'a bad stage name',
      ['--stage', 'Unit Tests=succeeded'],
      /--stage 'Unit Tests=succeeded': 'Unit Tests' is not a stage name/,
    ],
    [
      'an unknown field',
      ['--stage', 'build=succeeded,colour=red'],
      /--stage 'build=succeeded,colour=red': unknown field 'colour=red'; fields are url=, started=, finished=, detail=/,
    ],
    [
      'a URL that is none',
      ['--stage', 'build=succeeded,url=ci/1'],
      /--stage build url 'ci\/1' is not an http or https URL/,
    ],
    [
      'a timestamp without time zone',
      ['--stage', 'build=succeeded,started=2026-12-03T10:00'],
      /started '2026-12-03T10:00' is not an ISO 8601 timestamp with a time zone/,
    ],
    [
      'finished before started',
      [
        '--stage',
        'build=succeeded,started=2026-12-03T10:00:00Z,finished=2026-12-03T09:00:00Z',
      ],
      /finished 2026-12-03T09:00:00Z is before started 2026-12-03T10:00:00Z/,
    ],
    [
      'a field given twice',
      ['--stage', 'build=succeeded,detail=a,detail=b'],
      /detail= is given twice/,
    ],
    [
      'a stage given twice',
      ['--stage', 'build=succeeded', '--stage', 'build=failed'],
      /--stage build is given twice; a report names each stage once/,
    ],
    [
      'a detail over 500 characters',
      ['--stage', `build=succeeded,detail=${'x'.repeat(501)}`],
      /detail must be 1 to 500 characters/,
    ],
    [
      'a sha that is none',
      ['--stage', 'build=succeeded', '--sha', 'main'],
      /--sha 'main' is not a commit sha/,
    ],
    [
      'a schema that is no number',
      ['--stage', 'build=succeeded', '--schema', 'v5'],
      /--schema 'v5' is not a schema version: a whole number, optionally with the newest schema the release runs on, e\.g\. 5 or 5:6/,
    ],
    [
      'a schema it runs on below its own',
      ['--stage', 'build=succeeded', '--schema', '5:4'],
      /--schema '5:4': the newest schema it runs on \(4\) is below its own \(5\)/,
    ],
    [
      'a version that is none',
      ['--stage', 'build=succeeded', '--version', 'latest'],
      /--version 'latest' is neither a release version nor a release tag/,
    ],
  ])('refuses %s without a request, exit 2', async (_, args, message) => {
    const options: Record<string, string> = {
      '--url': url,
      '--entity': 'component:default/cart',
      '--version': 'v1.5.0-rc.1',
    };
    if (args.includes('--version')) delete options['--version'];
    const res = await releases(
      'pipeline',
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

  it('sends the database schema the release declares', async () => {
    for (const [value, schema] of [
      ['7', { version: 7 }],
      ['7:8', { version: 7, compatibleUpTo: 8 }],
    ] as const) {
      const res = await releases(
        'pipeline',
        'report',
        '--url',
        url,
        '--entity',
        'component:default/cart',
        '--version',
        'v1.5.0-rc.1',
        '--stage',
        'build=succeeded',
        '--schema',
        value,
      );
      expect(res.stdout).toBe(
        'build succeeded recorded for cart v1.5.0-rc.1 (chart cart-1-5-0-1a2b3c4); database schema 7\n',
      );
      expect(server.received.pop()?.json.schema).toEqual(schema);
    }
  });

  it('refuses 21 stages without a request', async () => {
    const stages = Array.from({ length: 21 }, (_, i) => [
      '--stage',
      `s${i}=succeeded`,
    ]).flat();
    const res = await releases(
      'pipeline',
      'report',
      '--url',
      url,
      '--entity',
      'component:default/cart',
      '--version',
      'v1.5.0-rc.1',
      ...stages,
    );
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(
      'releases: 21 --stage options; a report takes at most 20\n',
    );
    expect(server.received).toEqual([]);
  });

  it("exits 1 with the backend's message when it refuses the report", async () => {
    server.reply = () => ({
      status: 400,
      body: {
        error: {
          name: 'InputError',
          message:
            "Invalid request body: version 'v9.9.9' is not a release of component:default/cart (no tag v9.9.9)",
        },
        response: { statusCode: 400 },
      },
    });
    const res = await releases(
      'pipeline',
      'report',
      '--url',
      url,
      '--token',
      TOKEN,
      '--entity',
      'component:default/cart',
      '--version',
      'v9.9.9',
      '--stage',
      'build=succeeded',
    );
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(
      `releases: POST ${url}/pipelines failed with HTTP 400 Bad Request: InputError: Invalid request body: version 'v9.9.9' is not a release of component:default/cart (no tag v9.9.9)\n`,
    );
    expect(res.stderr).not.toContain(TOKEN);
  });
});
