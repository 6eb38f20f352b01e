import {
  ReportTestResultRequest,
  TEST_RESULT_KINDS,
  TestResult,
  TestResultStatus,
} from '@releases-for-backstage/plugin-releases-common';
import { BackendClient, BackendOptions } from '../backendClient';
import {
  parseChoice,
  parseEntityRefOption,
  parseTextOption,
  parseUrlOption,
  parseVersionOption,
} from './reportInput';

const STATUSES: readonly TestResultStatus[] = ['passed', 'failed'];
const TOGGLES = ['on', 'off'] as const;

export interface ResultsReportOptions extends BackendOptions {
  entity?: string;
  version?: string;
  kind?: string;
  status?: string;
  environment?: string;
  toggle?: string;
  runUrl?: string;
  summary?: string;
}

/** `releases results report`: records one test result of a release. */
export async function resultsReportCommand(
  opts: ResultsReportOptions,
): Promise<number> {
  const request: ReportTestResultRequest = {
    entityRef: parseEntityRefOption(opts.entity),
    version: parseVersionOption(opts.version),
    kind: parseChoice('--kind', opts.kind, TEST_RESULT_KINDS),
    status: parseChoice('--status', opts.status, STATUSES),
  };
  // Absent options stay absent in the body, not `null`: the API's optional fields.
  const environment = parseTextOption('--environment', opts.environment);
  if (environment !== undefined) request.environment = environment;
  if (opts.toggle !== undefined) {
    request.toggle = parseChoice('--toggle', opts.toggle, TOGGLES);
  }
  const url = parseUrlOption('--run-url', opts.runUrl);
  if (url !== undefined) request.url = url;
  const summary = parseTextOption('--summary', opts.summary);
  if (summary !== undefined) request.summary = summary;

  const client = BackendClient.fromOptions(opts);
  const result = await client.post<TestResult>('/results', request);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const entityRef = result.entityRef ?? request.entityRef;
    const name = entityRef.slice(entityRef.lastIndexOf('/') + 1);
    const where = result.environment ? ` in ${result.environment}` : '';
    const toggle = result.toggle ? ` with the toggle ${result.toggle}` : '';
    process.stdout.write(
      `${result.kind} ${result.status} for ${name} ${result.version}${where}${toggle} recorded\n`,
    );
  }
  return 0;
}
