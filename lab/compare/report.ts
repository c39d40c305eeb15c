import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Bar, groupedBarChart, type Point, timelineChart } from '../report/charts.js';
import { toSvg } from '../report/svg.js';
import { table } from '../report/table.js';
import type { Comparison, ModeResult } from './compare.js';
import type { ModeSummary } from './summarize.js';

const fmt = (n: number | null) => (n === null ? '-' : Number.isInteger(n) ? String(n) : n.toFixed(1));
const ratio = (a: number, b: number) => (b === 0 ? (a === 0 ? '1.00' : '∞') : (a / b).toFixed(2));

/** The headline figures, one column per mode and the first mode over the second. */
export function comparisonRows(comparison: Comparison): string[][] {
  const summaries = comparison.results.map((r) => r.summary);
  const [first, second] = summaries;
  const row = (label: string, value: (s: ModeSummary) => number | null, show = fmt) => [
    label,
    ...summaries.map((s) => show(value(s))),
    ...(first && second ? [ratio(value(first) ?? 0, value(second) ?? 0)] : []),
  ];
  return [
    ['', ...summaries.map((s) => s.mode), ...(first && second ? [`${first.mode}/${second.mode}`] : [])],
    row('data packets, all networks', (s) => s.dataPackets),
    row('data bytes, all networks', (s) => s.dataBytes),
    row('data packets unicast fan-out would take', (s) => s.unicastFanOutPackets),
    row('data on networks no receiver wants', (s) => s.wastedPackets),
    row('control packets (IGMP + PIM)', (s) => s.controlPackets),
    row('control bytes (IGMP + PIM)', (s) => s.controlBytes),
    row('(S,G) entries, all routers', (s) => s.routerState.sg),
    row('(*,G) entries, all routers', (s) => s.routerState.starG),
    row('most entries on one router', (s) => s.routerState.maxPerRouter),
    row('join latency p50 (ms)', (s) => s.joinLatencyMs.p50),
    row('join latency max (ms)', (s) => s.joinLatencyMs.max),
    row('datagrams received by members', (s) => s.received),
    row('duplicates received', (s) => s.duplicates),
  ];
}

export function comparisonTable(comparison: Comparison): string {
  return table(comparisonRows(comparison));
}

/** Charts of a large lab keep to its busiest networks; its drawing is left out past this many networks. */
const CHARTED_NETWORKS = 40;
const TIMELINE_NETWORKS = 12;
const DRAWN_NETWORKS = 150;

/** The networks that carried data, the busiest first, at most `limit` of them. */
function busiest(summary: ModeSummary, limit: number): string[] {
  return summary.networks
    .filter((n) => n.data > 0)
    .sort((a, b) => b.data - a.data)
    .slice(0, limit)
    .map((n) => n.network);
}

/** Data packets per second on each network that carried data (the busiest, in a large lab), between consecutive samples. */
export function timeline(result: ModeResult): Point[] {
  const points: Point[] = [];
  const data = (counters: ModeResult['run']['samples'][number]['counters'], network: string) =>
    counters.find((c) => c.network === network && c.class === 'data' && c.group === undefined)?.packets ?? 0;
  const samples = result.run.samples;
  const busy = busiest(result.summary, TIMELINE_NETWORKS);
  for (let i = 1; i < samples.length; i++) {
    const [before, after] = [samples[i - 1], samples[i]];
    if (!before || !after || after.t <= before.t) continue;
    for (const network of busy) {
      const rate = (data(after.counters, network) - data(before.counters, network)) / (after.t - before.t);
      points.push({
        panel: result.mode,
        x: Number(after.t.toFixed(2)),
        series: network,
        y: Math.round(rate),
      });
    }
  }
  return points;
}

/** report.json, report.md and the SVG charts, in `dir`; returns the files written. */
export async function writeReport(comparison: Comparison, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: Record<string, string> = {};
  const networkCount = comparison.results[0]?.plan.networks.length ?? 0;
  const charted =
    networkCount > CHARTED_NETWORKS
      ? new Set(comparison.results.flatMap((r) => busiest(r.summary, CHARTED_NETWORKS)))
      : undefined;
  const bars: Bar[] = comparison.results.flatMap((r) =>
    r.summary.networks
      .filter((n) => !charted || charted.has(n.network))
      .map((n) => ({ category: n.network, series: r.mode, value: n.data })),
  );
  const barsTitle = charted ? 'Data packets on the busiest networks' : 'Data packets per network';
  files['links-by-mode.svg'] = await groupedBarChart(barsTitle, bars, {
    category: 'network',
    value: 'data packets',
  });
  files['timeline.svg'] = await timelineChart(
    'Data packets per second on each network',
    comparison.results.flatMap(timeline),
    { x: 'seconds into the workload', y: 'packets/s' },
  );
  for (const result of networkCount <= DRAWN_NETWORKS ? comparison.results : []) {
    const heaviest = Math.max(1, ...result.summary.networks.map((n) => n.data));
    files[`topology-${result.mode}.svg`] = toSvg(result.plan, {
      caption: `${result.mode} mode, data packets per network`,
      networks: Object.fromEntries(
        result.summary.networks.map((n) => [
          n.network,
          { label: `${n.data} pkts`, share: n.data / heaviest },
        ]),
      ),
    });
  }
  files['report.json'] = `${JSON.stringify(keepCharted(comparison, charted), null, 2)}\n`;
  files['report.md'] = markdown(
    comparison,
    Object.keys(files).filter((f) => f.endsWith('.svg')),
  );
  await Promise.all(Object.entries(files).map(([name, text]) => writeFile(join(dir, name), text)));
  return Object.keys(files).map((name) => join(dir, name));
}

/** A large lab's report.json keeps the samples of the charted networks only: the rest would swamp it. */
function keepCharted(comparison: Comparison, charted: Set<string> | undefined): Comparison {
  if (!charted) return comparison;
  return {
    ...comparison,
    results: comparison.results.map((r) => ({
      ...r,
      run: {
        ...r.run,
        samples: r.run.samples.map(({ t, counters }) => ({
          t,
          counters: counters.filter((c) => charted.has(c.network)),
        })),
      },
    })),
  };
}

function markdown(comparison: Comparison, charts: string[]): string {
  const mdTable = (rows: string[][]) =>
    [rows[0] ?? [], rows[0]?.map(() => '---') ?? [], ...rows.slice(1)]
      .map((r) => `| ${r.join(' | ')} |`)
      .join('\n');
  const modes = comparison.results.map((r) => r.mode);
  const networkCount = comparison.results[0]?.plan.networks.length ?? 0;
  const perNetwork = [
    ['network', ...modes.flatMap((m) => [`${m} data`, `${m} unwanted`, `${m} control`])],
    ...(comparison.results[0]?.summary.networks ?? []).map(({ network }) => [
      network,
      ...comparison.results.flatMap((r) => {
        const n = r.summary.networks.find((x) => x.network === network);
        return [fmt(n?.data ?? 0), fmt(n?.wasted ?? 0), fmt(n?.control ?? 0)];
      }),
    ]),
  ];
  const agreement = comparison.results.flatMap((r) =>
    r.summary.agreement.map((a) => [r.mode, a.network, fmt(a.bridge), fmt(a.routers)]),
  );
  const w = comparison.workload;
  const sim = comparison.simulated;
  const impaired = sim?.impairments.map((i) => `${i.target} ${i.down ? 'down' : `${i.loss ?? 0}% loss`}`);
  const standing = (comparison.results[0]?.plan.networks ?? []).flatMap(({ name, impair }) =>
    impair
      ? [`${name} ${[impair.loss && `${impair.loss}% loss`, impair.rate].filter(Boolean).join(', ')}`]
      : [],
  );
  return [
    `# ${comparison.topology}: ${modes.join(' vs ')}${sim ? ' (simulated)' : ''}`,
    '',
    ...(sim
      ? [
          `Simulated on virtual time from seed ${sim.seed}, running router-sim's IGMP and PIM machines on the planned lab` +
            `${impaired?.length ? `, impaired: ${impaired.join(', ')}` : ''}. The same seed gives the same report.` +
            `${sim.notSimulated.length ? ` Not simulated: ${sim.notSimulated.join(', ')}.` : ''}`,
          '',
        ]
      : standing.length
        ? [`Networks impaired by the topology: ${standing.join('; ')}.`, '']
        : []),
    `Workload \`${w.name}\`: ${w.sources.length} source(s), ${w.members.length} membership(s), ${w.duration} s. ` +
      `Traffic is counted ${sim ? 'as' : 'by'} nftables on the lab bridges${sim ? ' count it' : ''}, each frame once on the network it was put on; ` +
      '"unwanted" is data of a group on a network that is on none of its distribution trees (dense: shortest paths ' +
      'from sources to members; sparse: those and the paths through the RP).',
    '',
    mdTable(comparisonRows(comparison)),
    '',
    '## Per network',
    '',
    mdTable(perNetwork),
    '',
    '## Bridges vs routers',
    '',
    'Data counted on each network without a source, next to what the routers say they forwarded onto it.',
    '',
    mdTable([['mode', 'network', 'bridge', 'routers'], ...agreement]),
    '',
    '## Charts',
    '',
    ...(networkCount > CHARTED_NETWORKS
      ? [
          `With ${networkCount} networks, the charts and report.json's samples keep to the ${CHARTED_NETWORKS} busiest` +
            `${networkCount > DRAWN_NETWORKS ? ', and the topology is not drawn' : ''}; the table above lists every network.`,
          '',
        ]
      : []),
    ...charts.map((file) => `![${file}](${file})`),
    '',
  ].join('\n');
}
