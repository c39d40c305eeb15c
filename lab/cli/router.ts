import type { Command } from 'commander';
import { controlRequest } from '../../common/control/client.js';
import {
  type IgmpInterfaceView,
  type InterfaceView,
  type MrouteView,
  type PimNeighborsView,
  type PimStateView,
  ROUTER_VIEWS,
  type RouterView,
  type SparseStateListView,
} from '../../common/router-views.js';
import { LabInputError } from '../errors.js';
import { table } from '../report/table.js';
import { createRuntime } from '../runtime/context.js';
import { findNode } from '../runtime/find-node.js';
import { emit, runCommand } from './output.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

const views: Record<RouterView, (data: never) => string> = {
  interfaces: (rows: InterfaceView[]) =>
    table([
      ['INTERFACE', 'VIF', 'NETWORK', 'ADDRESS', 'QUERIER', 'PKTS IN', 'PKTS OUT'],
      ...rows.map((r) => [
        r.name,
        String(r.vif),
        r.network,
        r.address,
        r.querier ? 'yes' : 'no',
        String(r.packetsIn),
        String(r.packetsOut),
      ]),
    ]),
  igmp: (interfaces: IgmpInterfaceView[]) =>
    [
      table([
        ['INTERFACE', 'NETWORK', 'VERSION', 'QUERIER'],
        ...interfaces.map((i) => [
          i.interface,
          i.network,
          `v${i.version}`,
          i.querier ? `self (${i.address})` : i.querierAddress,
        ]),
      ]),
      table([
        ['INTERFACE', 'GROUP', 'MODE', 'SOURCES', 'EXPIRES', 'REPORTER', 'COMPAT'],
        ...interfaces.flatMap((i) =>
          i.groups.map((g) => [
            i.interface,
            g.group,
            g.filterMode,
            g.sources.map((s) => s.address).join(',') || '-',
            seconds(g.expiresInMs),
            g.lastReporter,
            `v${g.compatibilityMode}`,
          ]),
        ),
      ]),
    ].join('\n\n'),
  mroute: (rows: MrouteView[]) =>
    table([
      ['SOURCE', 'GROUP', 'IIF', 'OIFS', 'PACKETS', 'BYTES', 'PIM'],
      ...rows.map((r) => [
        r.source,
        r.group,
        r.iif,
        r.oifs.join(',') || '-',
        String(r.packets),
        String(r.bytes),
        r.pim
          ? [
              r.pim.upstream,
              r.pim.sptBit ? 'SPT' : undefined,
              r.pim.register ? `register ${r.pim.register}` : undefined,
              r.pim.downstream.map((d) => `${d.interface} ${d.state}`).join(', '),
            ]
              .filter(Boolean)
              .join('; ')
          : '',
      ]),
    ]),
  'pim-neighbors': (interfaces: PimNeighborsView[]) =>
    table([
      ['INTERFACE', 'NETWORK', 'ADDRESS', 'DR', 'NEIGHBOR', 'EXPIRES', 'DR PRIORITY', 'GENID'],
      ...interfaces.flatMap((i) =>
        (i.neighbors.length ? i.neighbors : [undefined]).map((n) => [
          i.interface,
          i.network,
          i.address,
          i.dr,
          n?.address ?? '-',
          n ? (n.expiresInMs < 0 ? 'never' : seconds(n.expiresInMs)) : '',
          n?.drPriority === undefined ? '' : String(n.drPriority),
          n?.generationId === undefined ? '' : n.generationId.toString(16),
        ]),
      ),
    ]),
  'pim-state': (state: PimStateView[] | SparseStateListView) =>
    Array.isArray(state) ? denseState(state) : sparseState(state),
};

function sparseState({ rps, entries }: SparseStateListView): string {
  return [
    table([['GROUP RANGE', 'RP'], ...rps.map((rp) => [`${rp.group}/${rp.maskLength}`, rp.address])]),
    table([
      ['ENTRY', 'RPF', 'UPSTREAM', 'OLIST', 'MROUTE', 'INTERFACE', 'DOWNSTREAM', 'TIMERS'],
      ...entries.flatMap((e) => [
        [
          `${e.kind.replace('S', e.source ?? 'S').replace('G', e.group)}`,
          e.rpfInterface === null ? '-' : `${e.rpfInterface} via ${e.rpfNeighbor ?? 'connected'}`,
          [e.upstream, e.sptBit ? 'SPT' : undefined, e.register ? `register ${e.register}` : undefined]
            .filter(Boolean)
            .join(', '),
          e.olist.join(',') || '-',
          e.mroute ? `${e.mroute.iif} → ${e.mroute.oifs.join(',') || '-'}` : '',
          '',
          '',
          timers(e.timers),
        ],
        ...e.downstream.map((d) => ['', '', '', '', '', d.interface, d.state, timers(d.timers)]),
      ]),
    ]),
  ].join('\n\n');
}

function denseState(entries: PimStateView[]): string {
  return table([
    ['SOURCE', 'GROUP', 'RPF', 'UPSTREAM', 'INTERFACE', 'PRUNE', 'ASSERT', 'TIMERS'],
    ...entries.flatMap((e) => [
      [
        e.source,
        e.group,
        `${e.rpfInterface} via ${e.rpfNeighbor ?? 'connected'}`,
        e.upstream.state,
        '',
        '',
        e.upstream.assertState,
        timers(e.upstream.timers),
      ],
      ...e.downstream.map((d) => [
        '',
        '',
        '',
        '',
        d.interface,
        d.pruneState,
        d.assertWinner ? `${d.assertState} (${d.assertWinner})` : d.assertState,
        timers(d.timers),
      ]),
    ]),
  ]);
}

function timers(values: Record<string, number | undefined>): string {
  return Object.entries(values)
    .filter(([, ms]) => ms !== undefined)
    .map(([name, ms]) => `${name} ${seconds(ms ?? 0)}`)
    .join(' ');
}

export function routerCommand(program: Command): void {
  program
    .command('router')
    .description(
      "show a router's state: interfaces, IGMP (querier, groups, timers), multicast routes with counters",
    )
    .argument('<node>', 'router name')
    .argument('<action>', 'show')
    .argument('<view...>', 'interfaces | igmp | mroute | pim neighbors | pim state')
    .option('--lab <lab>', 'lab name (default: the only lab deployed)')
    .option('--json', 'print one JSON document')
    .action((node: string, action: string, words: string[], opts: { lab?: string; json?: boolean }) =>
      runCommand(Boolean(opts.json), async () => {
        const view = words.join('-');
        if (action !== 'show') throw new LabInputError(`unknown action "${action}"; valid: show`);
        if (!(ROUTER_VIEWS as readonly string[]).includes(view)) {
          const valid = ROUTER_VIEWS.map((v) => v.replace('-', ' ')).join(', ');
          throw new LabInputError(`unknown view "${words.join(' ')}"; valid: ${valid}`);
        }
        const target = await findNode(createRuntime(), node, opts.lab);
        if (target.kind !== 'router') throw new LabInputError(`${node} is a host, not a router`);
        const data = await controlRequest(target.controlSocket, 'show', { view });
        emit(Boolean(opts.json), data, () => views[view as RouterView](data as never));
        return undefined;
      }),
    );
}
