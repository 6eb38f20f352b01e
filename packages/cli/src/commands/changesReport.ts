import type {
  ChangeRisk,
  ReportChangeLabelsRequest,
} from '@releases-for-backstage/plugin-releases-common';
import { BackendClient, BackendOptions } from '../backendClient';
import {
  parseChangeOption,
  parseEntityRefOption,
  parseLabelOptions,
} from './reportInput';

export interface ChangesReportOptions extends BackendOptions {
  entity?: string;
  change?: string;
  label: string[];
}

/** `releases changes report`: sends a change's risk labels, prints its risk. */
export async function changesReportCommand(
  opts: ChangesReportOptions,
): Promise<number> {
  // Every check before the first byte goes out.
  const request: ReportChangeLabelsRequest = {
    entityRef: parseEntityRefOption(opts.entity),
    change: parseChangeOption(opts.change),
    labels: parseLabelOptions(opts.label),
  };
  const client = BackendClient.fromOptions(opts);
  const risk = await client.post<ChangeRisk>('/changes', request);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(risk)}\n`);
  } else {
    const points = risk.points === 1 ? '1 point' : `${risk.points} points`;
    process.stdout.write(`${risk.id} is ${risk.level} risk (${points})\n`);
  }
  return 0;
}
