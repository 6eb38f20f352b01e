#!/usr/bin/env node
// Reports what the demo's pipelines would have reported, through the
// backend's API with the pipeline token, as a real pipeline does:
// the stages of the newest releases of each demo component. Run by
// `npm start` once the backend is up; safe to run again (a stage reported
// again replaces itself with the same values).
//
// Options: --url URL (default http://localhost:7007/api/releases),
// --timeout SECONDS to wait for the backend and the catalog (default 300).
// Environment: RELEASES_PIPELINE_TOKEN (the token app-config.yaml accepts),
// RELEASES_DEMO_DIR (as for demo-setup).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { demoPipelineReports } from './lib/demo-pipelines.mjs';
import { SLO_COMPONENTS, demoSloEvaluations } from './lib/demo-slos.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPOS_DIR = process.env.RELEASES_DEMO_DIR
  ? path.resolve(process.env.RELEASES_DEMO_DIR)
  : path.join(ROOT, 'data', 'demo', 'repos');

/** Posts one report; retries while the backend or the catalog is not ready. */
async function post(url, token, body, deadline, path = '/pipelines') {
  for (;;) {
    let res;
    try {
      res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    } catch (error) {
      res = null;
      if (Date.now() > deadline)
        throw new Error(`${url} cannot be reached: ${error.message}`);
    }
    // 404: the catalog has not read the component yet; 503: still starting.
    if (res && res.status !== 404 && res.status !== 503) {
      if (res.ok) return;
      throw new Error(
        `POST ${path} for ${body.entityRef} ${body.version}: HTTP ${
          res.status
        } ${await res.text()}`,
      );
    }
    if (Date.now() > deadline) {
      throw new Error(
        `POST ${path} for ${body.entityRef} ${body.version}: still HTTP ${res?.status} after waiting`,
      );
    }
    await sleep(2000);
  }
}

export async function seedDemo({
  url = 'http://localhost:7007/api/releases',
  token = process.env.RELEASES_PIPELINE_TOKEN ||
    'local-pipeline-token-change-me',
  timeoutSeconds = 300,
  reposDir = REPOS_DIR,
} = {}) {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const reports = demoPipelineReports(reposDir);
  for (const report of reports) await post(url, token, report, deadline);
  // SLO evaluations over the soak time of what staging and canary run.
  let evaluations = 0;
  for (const component of SLO_COMPONENTS) {
    const entityRef = `component:default/${component}`;
    const res = await fetch(
      `${url}/environments?${new URLSearchParams({ entityRef })}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    if (!res.ok) {
      throw new Error(
        `GET /environments for ${entityRef}: HTTP ${
          res.status
        } ${await res.text()}`,
      );
    }
    const { environments } = await res.json();
    for (const state of environments.filter(e =>
      ['staging', 'canary'].includes(e.environment),
    )) {
      for (const body of demoSloEvaluations(component, state, Date.now())) {
        await post(url, token, body, deadline, '/slo/evaluations');
        evaluations++;
      }
    }
  }
  return { pipelines: reports.length, evaluations };
}

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--url') opts.url = argv[++i];
    else if (argv[i] === '--timeout') opts.timeoutSeconds = Number(argv[++i]);
    else throw new Error(`Unknown option ${argv[i]}`);
  }
  return opts;
}

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  seedDemo(parseArgs(process.argv.slice(2))).then(
    r =>
      console.log(
        `demo-seed: pipeline traces of ${r.pipelines} releases reported`,
      ),
    error => {
      console.error(`demo-seed: ${error.message}`);
      process.exit(1);
    },
  );
}
