import { resolve } from 'node:path';
import { compareModes, modeLabName } from '../compare/compare.js';
import { comparisonTable, writeReport } from '../compare/report.js';
import { createRuntime } from '../docker/context.js';
import { InputInvalid } from '../errors.js';
import { loadValidTopology } from '../topology/parse.js';
import { serveUi, type UiServer } from '../ui/server.js';
import { loadWorkload } from '../workload/parse.js';

/**
 * The demo: the comparison users come for, on the default topology. One stream from h1 to h4 across
 * both routers, first in PIM dense mode, then in sparse mode, each on a fresh lab torn down after;
 * then the table, and the report with its charts in demo-report/. With `--ui`, a live view of each
 * lab while it runs.
 */
const TOPOLOGY = 'topologies/default.yaml';
const WORKLOAD = 'workloads/default.yaml';
const OUT = 'demo-report';
const UI_PORT = 8640;

const topology = await loadValidTopology(TOPOLOGY);
const workload = await loadWorkload(WORKLOAD, topology);
if (!workload.ok) throw new InputInvalid(workload.errors);
const ctx = createRuntime();
// `--ui`: the live view of each mode's lab while it runs, on one address the page keeps.
const watch = process.argv.includes('--ui');
let ui: UiServer | undefined;
const started = performance.now();
const comparison = await compareModes(ctx, topology, workload.value, {
  modes: ['dense', 'sparse'],
  onProgress: async (mode, stage) => {
    if (stage !== 'run') process.stderr.write(`demo: ${mode} mode: ${stage}\n`);
    if (watch && stage === 'converge') {
      ui = await serveUi(ctx, modeLabName(topology, mode), UI_PORT);
      process.stderr.write(`demo: watch ${mode} mode live at ${ui.url}\n`);
    }
    if (stage === 'destroy') await ui?.close();
  },
});
const files = await writeReport(comparison, resolve(OUT));
const seconds = ((performance.now() - started) / 1000).toFixed(0);
process.stdout.write(
  [
    `${TOPOLOGY}, workload ${WORKLOAD}: h1 streams to a group h4 watches from 2 s to 12 s; h5 streams to a group nobody joins (${workload.value.duration} s).`,
    '',
    comparisonTable(comparison),
    '',
    `Report and charts: ${files.find((f) => f.endsWith('report.md'))} (${seconds} s, both labs destroyed)`,
    '',
  ].join('\n'),
);
