import { controlRequest } from '../../common/control/client.js';
import type { ForwardingPlaneKind } from '../../common/node-config.js';
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
import { routerSocket } from '../docker/find-node.js';
import { forwardingOf, type RouterForwarding, readForwarding } from '../docker/inspect.js';
import { LabInputError } from '../errors.js';
import { table } from '../report/table.js';
import { showEvents } from './events.js';
import type { CommandContext, LabCommand } from './lab-command.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/** Each view as text; `routerPlane` is the plane the router's status names (asked for an empty mroute table). */
const views: Record<RouterView, (data: never, routerPlane: RouterForwarding) => string> = {
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
  mroute: (rows: MrouteView[], routerPlane: RouterForwarding) => describeMroute(rows, routerPlane),
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

/**
 * `show mroute` as text: a line naming the forwarding plane, then the entries. The plane is read off the
 * entries; without any, `routerPlane` (from the router's status) names it.
 */
export function describeMroute(rows: MrouteView[], routerPlane: RouterForwarding): string {
  const planes = [...new Set(rows.map((r) => r.plane).filter(Boolean))];
  return [`forwarding plane: ${planes.length > 0 ? planes.join(', ') : routerPlane}`, mrouteTable(rows)].join(
    '\n',
  );
}

function mrouteTable(rows: MrouteView[]): string {
  return table([
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
  ]);
}

/** What router-sim's `status` verb answers (a router-sim older than its forwarding planes omits `forwardingPlane`). */
export interface RouterStatus {
  node: string;
  lab: string;
  pim: string;
  profile: string;
  igmpVersion: number;
  multicastRouting: boolean;
  /** null: the router runs no multicast routing (`multicast: none`). */
  forwardingPlane?: ForwardingPlaneKind | null;
  ipForwarding: boolean;
  uptimeMs: number;
  interfaces: { name: string; vif: number; network: string; address: string; prefixLength: number }[];
}

/** `router NODE status` as text: what the router runs and through which plane, then its interfaces. */
export function describeStatus(status: RouterStatus): string {
  const routing = status.multicastRouting
    ? [
        `router-sim: IGMPv${status.igmpVersion}`,
        status.pim === 'none' ? undefined : `PIM ${status.pim} mode`,
        `${status.profile} timers`,
      ]
        .filter(Boolean)
        .join(', ')
    : 'none (multicast: none in the topology)';
  return [
    table([
      ['router', `${status.node} of lab ${status.lab}, up ${seconds(status.uptimeMs)}`],
      ['multicast routing', routing],
      ['forwarding plane', forwardingOf(status)],
      ['IP forwarding', status.ipForwarding ? 'on' : 'off'],
    ]),
    table([
      ['INTERFACE', 'VIF', 'NETWORK', 'ADDRESS'],
      ...status.interfaces.map((i) => [i.name, String(i.vif), i.network, `${i.address}/${i.prefixLength}`]),
    ]),
  ].join('\n\n');
}

function timers(values: Record<string, number | undefined>): string {
  return Object.entries(values)
    .filter(([, ms]) => ms !== undefined)
    .map(([name, ms]) => `${name} ${seconds(ms ?? 0)}`)
    .join(' ');
}

export function routerCommand(program: LabCommand): void {
  program
    .command('router')
    .description(
      "show a router's state: status (what it runs, its forwarding plane), interfaces, IGMP (querier, groups, timers), multicast routes with counters",
    )
    .argument('<node>', 'router name')
    .argument('<action>', 'status | show | events')
    .argument('[view...]', 'with show: interfaces | igmp | mroute | pim neighbors | pim state')
    .labOption()
    .option('--follow', 'events: keep printing them as they come (a JSON object per line with --json)')
    .jsonOption()
    .run(
      async (
        { options, json, runtime, lab, emit }: CommandContext<{ follow?: boolean }>,
        node: string,
        action: string,
        words: string[],
      ) => {
        const view = words.join('-');
        if (action === 'status' || action === 'events') {
          if (words.length > 0) throw new LabInputError(`${action} takes no view (got "${words.join(' ')}")`);
        } else if (action !== 'show') {
          throw new LabInputError(`unknown action "${action}"; valid: status, show, events`);
        } else if (!(ROUTER_VIEWS as readonly string[]).includes(view)) {
          const valid = ROUTER_VIEWS.map((v) => v.replace('-', ' ')).join(', ');
          const got = words.length > 0 ? `unknown view "${words.join(' ')}"` : 'show needs a view';
          throw new LabInputError(`${got}; valid: ${valid}`);
        }
        const socket = await routerSocket(runtime, node, lab);
        if (action === 'events') {
          await showEvents(socket, { since: 0, follow: Boolean(options.follow), json });
          return;
        }
        if (action === 'status') {
          const status = await controlRequest(socket, 'status');
          emit(status, () => describeStatus(status as RouterStatus));
          return;
        }
        const data = await controlRequest(socket, 'show', { view });
        // mroute entries name their plane; an empty table still says which plane the router runs.
        const empty = view === 'mroute' && !json && Array.isArray(data) && data.length === 0;
        const routerPlane = empty ? await readForwarding(socket) : 'unknown';
        emit(data, () => views[view as RouterView](data as never, routerPlane));
      },
    );
}
