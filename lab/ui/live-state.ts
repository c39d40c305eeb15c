import type { ProtocolEvent } from '../../common/protocol-events.js';
import type { IgmpInterfaceView, InterfaceView, MrouteView } from '../../common/router-views.js';
import type { LabClient } from '../docker/lab-client.js';
import { readLinkCounters, type TrafficClass } from '../docker/link-accounting.js';

/** What the page shows of a running lab, once a second. */
export interface LiveSnapshot {
  /** Milliseconds since the view started. */
  t: number;
  /** Per network: multicast data and each control class, in packets per second over the last poll. */
  networks: { network: string; dataPps: number; controlPps: Partial<Record<TrafficClass, number>> }[];
  /**
   * Per group: its sources and the networks its data crossed since the last poll, from the routers'
   * (S,G) entries; the networks where members are, from the routers' IGMP tables.
   */
  groups: LiveGroup[];
  /** Every node's protocol events since the last poll, in time order. */
  events: ProtocolEvent[];
}

export interface LiveGroup {
  group: string;
  sources: string[];
  networks: string[];
  memberNetworks: string[];
}

interface Reading {
  at: number;
  packets: Map<string, number>;
}

/**
 * Polls a running lab: the bridges' counters (rates per network and class) and every multicast
 * router's `show mroute` (an entry whose packet count grew carried data from its iif to its oifs).
 */
export class LiveState {
  private last: Reading | undefined;
  private readonly entryPackets = new Map<string, number>();
  private interfaceNetworks: Promise<Map<string, Map<string, string>>> | undefined;
  private readonly started = performance.now();
  /** Per node, the last event read; nodes without a daemon are left out. */
  private readonly cursors: Map<string, number>;

  constructor(private readonly lab: LabClient) {
    this.cursors = new Map(
      lab.inspection.nodes.filter((n) => n.state === 'running').map((n) => [n.name, 0] as const),
    );
  }

  async poll(): Promise<LiveSnapshot> {
    const [counters, groups, events] = await Promise.all([
      readLinkCounters(this.lab.name),
      this.groups(),
      this.events(),
    ]);
    const now = performance.now();
    const packets = new Map(
      counters.filter((c) => c.group === undefined).map((c) => [`${c.network} ${c.class}`, c.packets]),
    );
    const seconds = this.last ? (now - this.last.at) / 1000 : 0;
    const rate = (key: string) => {
      const before = this.last?.packets.get(key);
      const after = packets.get(key) ?? 0;
      return before === undefined || seconds <= 0 ? 0 : Math.max(0, (after - before) / seconds);
    };
    const networks = this.lab.inspection.networks.map(({ name }) => {
      const controlPps: Partial<Record<TrafficClass, number>> = {};
      for (const c of counters)
        if (c.network === name && c.class !== 'data' && c.group === undefined) {
          const pps = rate(`${name} ${c.class}`);
          if (pps > 0) controlPps[c.class] = round(pps);
        }
      return { network: name, dataPps: round(rate(`${name} data`)), controlPps };
    });
    this.last = { at: now, packets };
    return { t: Math.round(now - this.started), networks, groups, events };
  }

  /** What each node recorded since the last poll; a node that cannot answer is asked no more. */
  private async events(): Promise<ProtocolEvent[]> {
    const read = await Promise.all(
      [...this.cursors].map(async ([node, since]) => {
        try {
          const { events, latest } = await this.lab.agent<{ events: ProtocolEvent[]; latest: number }>(
            node,
            'events',
            { since },
          );
          this.cursors.set(node, latest);
          return events;
        } catch {
          this.cursors.delete(node);
          return [];
        }
      }),
    );
    return read.flat().sort((a, b) => a.wall - b.wall);
  }

  private routers(): string[] {
    return this.lab.inspection.nodes
      .filter((n) => n.kind === 'router' && n.state === 'running' && n.forwarding !== 'none')
      .map((n) => n.name);
  }

  /** Each router's interface names by network, read once: they do not change while the lab runs. */
  private networksOf(): Promise<Map<string, Map<string, string>>> {
    this.interfaceNetworks ??= Promise.all(
      this.routers().map(async (router) => {
        const views = await this.lab.agent<InterfaceView[]>(router, 'show', { view: 'interfaces' });
        return [router, new Map(views.map((v) => [v.name, v.network]))] as const;
      }),
    ).then((entries) => new Map(entries));
    return this.interfaceNetworks;
  }

  private async groups(): Promise<LiveGroup[]> {
    const [carried, members] = await Promise.all([this.carriedBy(), this.membersOn()]);
    return [...new Set([...carried.keys(), ...members.keys()])].sort().map((group) => ({
      group,
      sources: [...(carried.get(group)?.sources ?? [])].sort(),
      networks: [...(carried.get(group)?.networks ?? [])].sort(),
      memberNetworks: [...(members.get(group) ?? [])].sort(),
    }));
  }

  /** Per group, the sources and networks of the entries whose packet count grew since the last poll. */
  private async carriedBy(): Promise<Map<string, { sources: Set<string>; networks: Set<string> }>> {
    const networks = await this.networksOf();
    const byGroup = new Map<string, { sources: Set<string>; networks: Set<string> }>();
    await Promise.all(
      this.routers().map(async (router) => {
        const entries = await this.lab
          .agent<MrouteView[]>(router, 'show', { view: 'mroute' })
          .catch(() => [] as MrouteView[]);
        const names = networks.get(router);
        for (const entry of entries) {
          const key = `${router} ${entry.source} ${entry.group}`;
          const grew = entry.packets > (this.entryPackets.get(key) ?? 0);
          this.entryPackets.set(key, entry.packets);
          if (!grew) continue;
          const group = byGroup.get(entry.group) ?? { sources: new Set(), networks: new Set() };
          byGroup.set(entry.group, group);
          group.sources.add(entry.source);
          for (const name of [entry.iif, ...entry.oifs]) {
            const network = names?.get(name);
            if (network) group.networks.add(network);
          }
        }
      }),
    );
    return byGroup;
  }

  /** Per group, the networks on which a router's IGMP table lists members. */
  private async membersOn(): Promise<Map<string, Set<string>>> {
    const byGroup = new Map<string, Set<string>>();
    await Promise.all(
      this.routers().map(async (router) => {
        const tables = await this.lab
          .agent<IgmpInterfaceView[]>(router, 'show', { view: 'igmp' })
          .catch(() => [] as IgmpInterfaceView[]);
        for (const table of tables)
          for (const { group } of table.groups) {
            const networks = byGroup.get(group) ?? new Set<string>();
            byGroup.set(group, networks.add(table.network));
          }
      }),
    );
    return byGroup;
  }
}

const round = (n: number) => Math.round(n * 10) / 10;
