import { type Random, seededRandom } from '../../common/sim/random.js';
import { VirtualClock } from '../../common/sim/virtual-clock.js';
import { readSimPacket } from '../../router-sim/fib/sim-plane.js';
import { encodeIgmpPacket } from '../../router-sim/wire/igmp/igmp.js';
import type { IgmpMessage } from '../../router-sim/wire/igmp/message.js';
import type { PimMessage } from '../../router-sim/wire/pim/message.js';
import { encodePimPacket } from '../../router-sim/wire/pim/packet.js';
import type { RouterStateCount } from '../compare/router-state.js';
import { type LinkCounter, TRAFFIC_CLASSES } from '../docker/link-accounting.js';
import type { LabPlan, PlannedNode } from '../topology/plan.js';
import { TwinHost } from './twin-host.js';
import { type Frame, TwinNetwork } from './twin-network.js';
import { TwinRouter } from './twin-router.js';
import { UnicastRoutes } from './unicast-routes.js';

/** An impairment on a network (every frame it carries) or a node (every frame to or from it). */
export interface TwinImpairment {
  target: string;
  /** Percent of frames dropped. */
  loss?: number;
  down?: boolean;
}

export interface TwinOptions {
  seed: number;
  /** One hop's latency. */
  linkDelayMs?: number;
}

/** IP and UDP headers on a data packet, as the bridges count its bytes. */
const DATA_HEADERS = 28;

/**
 * A lab plan on virtual time: each network a TwinNetwork, each router the protocol machines router-sim
 * runs over a SimPlane, each host a kernel's IGMP host side and an agent's counters. Everything random
 * is drawn from the seed, so a run repeats bit for bit.
 */
export class Twin {
  readonly clock = new VirtualClock();
  readonly networks = new Map<string, TwinNetwork>();
  readonly routers = new Map<string, TwinRouter>();
  readonly hosts = new Map<string, TwinHost>();
  private readonly nodes = new Map<string, PlannedNode>();
  private readonly owners = new Map<string, TwinRouter>();
  private readonly routes: UnicastRoutes;
  private readonly random: Random;
  /** Bytes of each data packet, by the number the plane carries for it. */
  private readonly packetBytes: number[] = [0];
  private impaired = new Map<string, TwinImpairment>();

  constructor(
    readonly plan: LabPlan,
    options: TwinOptions,
  ) {
    const { seed, linkDelayMs = 0.1 } = options;
    this.random = seededRandom(seed);
    const lost = (target: string) => {
      const i = this.impaired.get(target);
      return i !== undefined && (i.down === true || this.random.next() * 100 < (i.loss ?? 0));
    };
    for (const n of plan.networks)
      this.networks.set(
        n.name,
        new TwinNetwork(
          n.name,
          this.clock,
          linkDelayMs,
          (from, to) => lost(n.name) || lost(from) || lost(to),
        ),
      );
    const multicastRouters = plan.nodes.filter((n) => n.kind === 'router');
    this.routes = new UnicastRoutes(plan.networks, multicastRouters);
    plan.nodes.forEach((node, index) => {
      this.nodes.set(node.name, node);
      const random = seededRandom(seed * 7919 + index);
      if (node.kind === 'router' && node.multicastRouting) this.addRouter(node, random);
      else if (node.kind === 'host') this.addHost(node, random);
    });
  }

  start(): void {
    for (const router of this.routers.values()) router.start();
  }

  /** From now on, these impairments and no others (as `mcast-lab impair` sets them on a running lab). */
  impair(impairments: TwinImpairment[]): void {
    this.impaired = new Map(impairments.map((i) => [i.target, i]));
  }

  /** One datagram of `size` payload bytes from a host to `group`. */
  sendData(host: string, group: string, size: number): void {
    const node = this.nodes.get(host);
    const iface = node?.interfaces[0];
    if (!iface) return;
    const id = this.packetBytes.push(size + DATA_HEADERS) - 1;
    this.networks
      .get(iface.network)
      ?.send(host, { kind: 'data', source: iface.address, group, id, bytes: size + DATA_HEADERS });
  }

  /** Every PIM router lists every other PIM router on each of its networks as a neighbor. */
  converged(): boolean {
    const onNetwork = new Map<string, Set<string>>();
    for (const node of this.nodes.values())
      if (this.routers.has(node.name) && this.plan.pim !== 'none')
        for (const i of node.interfaces)
          onNetwork.set(i.network, (onNetwork.get(i.network) ?? new Set()).add(i.address));
    for (const [name, router] of this.routers) {
      const node = this.nodes.get(name);
      for (const pim of router.neighbors()) {
        const network = node?.interfaces[pim.vif]?.network ?? '';
        const listed = new Set(pim.neighbors.map((n) => n.address));
        for (const address of onNetwork.get(network) ?? [])
          if (address !== pim.address && !listed.has(address)) return false;
      }
    }
    return true;
  }

  /** Each network's counters, cumulative, as the real lab's bridges keep them. */
  counters(groups: readonly string[]): LinkCounter[] {
    return [...this.networks.values()].flatMap((n) => n.counters(TRAFFIC_CLASSES, groups));
  }

  /** The data counters that moved so far, on every network. */
  dataCounters(): LinkCounter[] {
    return [...this.networks.values()].flatMap((n) => n.dataCounters());
  }

  /** What each router's plane forwarded onto each of its networks (the kernel's VIF counters). */
  async forwarded(): Promise<{ router: string; network: string; packets: number }[]> {
    const out: { router: string; network: string; packets: number }[] = [];
    for (const [name, router] of this.routers) {
      const interfaces = this.nodes.get(name)?.interfaces ?? [];
      for (const vif of await router.plane.vifs()) {
        const network = interfaces[vif.index]?.network;
        if (network) out.push({ router: name, network, packets: vif.packetsOut });
      }
    }
    return out;
  }

  stateCounts(): RouterStateCount[] {
    return [...this.routers.values()].map((r) => r.stateCount());
  }

  private addRouter(node: PlannedNode, random: Random): void {
    const interfaces = node.interfaces.map((i, vif) => ({
      vif,
      address: i.address,
      prefixLength: i.prefixLength,
    }));
    const networks = node.interfaces.map((i) => this.networks.get(i.network));
    const network = (vif: number) => networks[vif];
    const from = (vif: number) => interfaces[vif]?.address ?? '';
    const router = new TwinRouter(
      node.name,
      { ...this.plan, igmpVersion: node.igmpVersion, rps: this.plan.rps },
      {
        clock: this.clock,
        random,
        interfaces,
        sendIgmp: (vif, message, destination) =>
          network(vif)?.send(node.name, igmpFrame(message, from(vif), destination)),
        sendPim: (vif, message, destination) =>
          network(vif)?.send(node.name, this.pimFrame(message, from(vif), destination)),
        unicast: (message, source, destination) =>
          this.route(node, this.pimFrame(message, source, destination), message, source, destination),
        transmit: (vif, source, group, id) =>
          network(vif)?.send(node.name, {
            kind: 'data',
            source,
            group,
            id,
            bytes: this.packetBytes[id] ?? 0,
          }),
        rpf: (address) => this.routes.rpf(node, address),
      },
    );
    this.routers.set(node.name, router);
    node.interfaces.forEach((i, vif) => {
      this.owners.set(i.address, router);
      this.networks.get(i.network)?.attach({
        node: node.name,
        address: i.address,
        receive: (frame) => router.receive(vif, frame),
      });
    });
  }

  private addHost(node: PlannedNode, random: Random): void {
    const iface = node.interfaces[0];
    if (!iface) return;
    const network = this.networks.get(iface.network);
    const version = node.igmpVersion;
    const host = new TwinHost(node.name, iface.address, version, this.clock, random, (message, destination) =>
      network?.send(node.name, igmpFrame(message, iface.address, destination)),
    );
    this.hosts.set(node.name, host);
    network?.attach({ node: node.name, address: iface.address, receive: (frame) => host.receive(frame) });
  }

  /**
   * A Register or Register-Stop from `at` (a router) towards `destination`, hop by hop along the
   * static routes, counted on each network it crosses; the router owning the address takes it.
   */
  private route(
    at: PlannedNode,
    frame: Frame,
    message: PimMessage,
    source: string,
    destination: string,
  ): void {
    const target = this.routes.networkOf(destination);
    if (target === undefined) return;
    const attached = at.interfaces.find((i) => i.network === target);
    const hop = attached ? { network: target, via: destination } : this.nextHop(at, target);
    if (!hop) return;
    this.networks.get(hop.network)?.sendTo(at.name, hop.via, frame, () => {
      const owner = this.owners.get(hop.via);
      if (attached) owner?.receiveUnicast(message, source, destination);
      else {
        const next = this.nodes.get(owner?.name ?? '');
        if (next) this.route(next, frame, message, source, destination);
      }
    });
  }

  private nextHop(at: PlannedNode, target: string): { network: string; via: string } | undefined {
    const hop = this.routes.nextHop(at, target);
    const network = hop && at.interfaces[hop.vif]?.network;
    return hop && network ? { network, via: hop.via } : undefined;
  }

  /** A PIM frame, its bytes as encoded on the wire; a Register counts the data packet it carries. */
  private pimFrame(message: PimMessage, source: string, destination: string): Frame {
    let bytes = encodePimPacket(message, { src: source, dst: destination }).length;
    if (message.type === 'register' && !message.nullRegister) {
      const inner = readSimPacket(message.packet);
      if (inner) bytes += (this.packetBytes[inner.bytes] ?? 0) - message.packet.length;
    }
    return { kind: 'pim', message, source, destination, bytes };
  }
}

function igmpFrame(message: IgmpMessage, source: string, destination: string): Frame {
  return {
    kind: 'igmp',
    message,
    source,
    destination,
    bytes: encodeIgmpPacket(message, { src: source, dst: destination }).length,
  };
}
