import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { UsageError } from '../common/control/protocol.js';
import type { VerbHandler } from '../common/control/server.js';
import { verb } from '../common/control/verb.js';
import type { NodeConfig } from '../common/node-config.js';
import {
  type IgmpInterfaceView,
  type InterfaceView,
  type MrouteView,
  ROUTER_VIEWS,
} from '../common/router-views.js';
import type { UserCommand } from '../common/user-command.js';
import { type Link, vifName } from './io/links.js';
import type { MulticastRouter } from './multicast-router.js';

export interface RouterParts {
  config: NodeConfig;
  links: Link[];
  /** Absent when the topology turned router-sim's multicast routing off for this router. */
  router: MulticastRouter | undefined;
  /** The node's own program, when the topology gave it one. */
  command?: UserCommand | undefined;
}

/** The router's control verbs: `ping`, `status` and `show interfaces|igmp|mroute|pim-neighbors|pim-state`. */
export function routerVerbs({ config, links, router, command }: RouterParts): Record<string, VerbHandler> {
  const startedAt = Date.now();
  const nameOf = (vif: number) => vifName(links, vif);

  const running = () => {
    if (!router)
      throw new UsageError(`${config.node} runs no multicast routing (multicast: none in the topology)`);
    return router;
  };

  const interfaces = async (): Promise<InterfaceView[]> => {
    const { plane, igmp } = running();
    const counters = await plane.vifs();
    return links.map((link) => {
      const c = counters.find((v) => v.index === link.vif);
      return {
        name: link.name,
        vif: link.vif,
        network: link.network,
        address: link.address,
        querier: igmp[link.vif]?.snapshot().querier ?? false,
        packetsIn: c?.packetsIn ?? 0,
        packetsOut: c?.packetsOut ?? 0,
        bytesIn: c?.bytesIn ?? 0,
        bytesOut: c?.bytesOut ?? 0,
      };
    });
  };

  const igmpView = (): IgmpInterfaceView[] =>
    links.map((link) => {
      const state = running().igmp[link.vif]?.snapshot();
      return {
        interface: link.name,
        network: link.network,
        address: link.address,
        version: state?.version ?? config.igmpVersion,
        querier: state?.querier ?? false,
        querierAddress: state?.querierAddress ?? '',
        groups: state?.groups ?? [],
      };
    });

  const pim = () => {
    const mode = running().pim;
    if (!mode) throw new UsageError(`${config.node} runs no PIM (pim: ${config.pim} in the topology)`);
    return mode.views;
  };

  const mroute = async (): Promise<MrouteView[]> => {
    const { plane, pim: mode } = running();
    return (await plane.routes()).map((r) => {
      const entryPim = mode?.views.ofEntry(r.source, r.group);
      return {
        source: r.source,
        group: r.group,
        iif: nameOf(r.iif),
        oifs: r.oifs.map(nameOf),
        packets: r.packets,
        bytes: r.bytes,
        wrongIf: r.wrongIf,
        plane: plane.kind,
        ...(entryPim ? { pim: entryPim } : {}),
      };
    });
  };

  const views: Record<(typeof ROUTER_VIEWS)[number], () => unknown> = {
    interfaces,
    igmp: igmpView,
    mroute,
    'pim-neighbors': () => pim().neighbors(),
    'pim-state': () => pim().state(),
  };

  return {
    ping: () => 'pong',
    status: async () => ({
      node: config.node,
      lab: config.lab,
      kind: config.kind,
      pim: config.pim,
      profile: config.profile,
      igmpVersion: config.igmpVersion,
      multicastRouting: Boolean(router),
      forwardingPlane: router?.plane.kind ?? null,
      ipForwarding: (await readFile('/proc/sys/net/ipv4/ip_forward', 'utf8')).trim() === '1',
      uptimeMs: Date.now() - startedAt,
      interfaces: links,
      command: command?.status() ?? null,
    }),
    show: verb(['view'], z.object({ view: z.enum(ROUTER_VIEWS) }), ({ view }) => views[view]()),
  };
}
