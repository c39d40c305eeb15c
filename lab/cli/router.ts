import type { Command } from 'commander';
import { controlRequest } from '../../common/control/client.js';
import {
  type IgmpInterfaceView,
  type InterfaceView,
  type MrouteView,
  ROUTER_VIEWS,
  type RouterView,
} from '../../common/router-views.js';
import { LabInputError } from '../errors.js';
import { createRuntime } from '../runtime/context.js';
import { findNode } from '../runtime/find-node.js';
import { table } from './describe.js';
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
      ['SOURCE', 'GROUP', 'IIF', 'OIFS', 'PACKETS', 'BYTES'],
      ...rows.map((r) => [
        r.source,
        r.group,
        r.iif,
        r.oifs.join(',') || '-',
        String(r.packets),
        String(r.bytes),
      ]),
    ]),
};

export function routerCommand(program: Command): void {
  program
    .command('router')
    .description(
      "show a router's state: interfaces, IGMP (querier, groups, timers), multicast routes with counters",
    )
    .argument('<node>', 'router name')
    .argument('<action>', 'show')
    .argument('<view>', ROUTER_VIEWS.join(' | '))
    .option('--lab <lab>', 'lab name (default: the only lab deployed)')
    .option('--json', 'print one JSON document')
    .action((node: string, action: string, view: string, opts: { lab?: string; json?: boolean }) =>
      runCommand(Boolean(opts.json), async () => {
        if (action !== 'show') throw new LabInputError(`unknown action "${action}"; valid: show`);
        if (!(ROUTER_VIEWS as readonly string[]).includes(view)) {
          throw new LabInputError(`unknown view "${view}"; valid: ${ROUTER_VIEWS.join(', ')}`);
        }
        const target = await findNode(createRuntime(), node, opts.lab);
        if (target.kind !== 'router') throw new LabInputError(`${node} is a host, not a router`);
        const data = await controlRequest(target.controlSocket, 'show', { view });
        emit(Boolean(opts.json), data, () => views[view as RouterView](data as never));
        return undefined;
      }),
    );
}
