import { type Impairments, type LanPort, SimLan } from '../../../common/sim/lan.js';
import { type Random, seededRandom } from '../../../common/sim/random.js';
import { VirtualClock } from '../../../common/sim/virtual-clock.js';
import type { Upcall } from '../../fib/forwarding-plane.js';
import { SimPlane } from '../../fib/sim-plane.js';
import type { Rpf } from '../../rib/rpf.js';
import { ALL_PIM_ROUTERS, type PimMessage } from '../../wire/pim/message.js';
import { compareAddresses } from '../common/address.js';
import type { PimPort } from '../common/port.js';
import type { PimRouterOptions } from '../common/router-options.js';

/**
 * PIM routers (dense or sparse mode: a factory makes them) on simulated LANs, for the tests. Each LAN
 * carries PIM messages (impairable) and data packets (lossy at most, never duplicated: a packet seen
 * twice on a LAN was forwarded there twice, by a loop or by two routers at once). Each router has a
 * SimPlane; what it transmits lands on the oif's LAN, where the other routers' planes receive it and
 * hosts would see it. Packets are numbered through the plane's `bytes` argument, so every copy can be
 * traced. Unicast routes are static shortest paths; unicast PIM messages (Register, Register-Stop) go
 * straight to the router owning the destination, with the LANs' impairments but duplication (a
 * Register carries a data packet), and are no data traversals: the kernel of a router receiving a
 * Register decapsulates it onto its register VIF.
 */

function unicastImpairments(impairments: Impairments): Impairments {
  return { ...impairments, duplicate: 0 };
}

/** What the network needs of a router process. */
export interface SimRouterProcess {
  start(): void;
  stop(): void;
  receive(vif: number, message: PimMessage, source: string): void;
  /** Register and Register-Stop addressed to the router (sparse mode). */
  receiveUnicast?(message: PimMessage, source: string, destination: string): void;
  onUpcall(upcall: Upcall): void;
  membershipChanged(vif: number, group: string, hasMembers: boolean): void;
}

/** Link-local messages, and unicast ones from one of the router's addresses. */
export interface SimPort extends PimPort {
  unicast(message: PimMessage, source: string, destination: string): void;
}

/**
 * What a factory gets to make a router process: the options every PIM router takes (VIF n is the
 * router's n-th LAN), and its name.
 */
export type RouterBoot = Pick<PimRouterOptions, 'random' | 'interfaces' | 'rpf' | 'hasLocalMembers'> & {
  name: string;
  clock: VirtualClock;
  port: SimPort;
  plane: SimPlane;
};

export type RouterFactory<R extends SimRouterProcess> = (boot: RouterBoot) => R;

interface ControlFrame {
  message: PimMessage;
  destination: string;
}

interface UnicastFrame extends ControlFrame {
  source: string;
}

interface DataFrame {
  source: string;
  group: string;
  id: number;
}

/** A copy of packet `id` on a LAN, put there by a router or by the source itself. */
export interface Traversal {
  at: number;
  lan: string;
  source: string;
  group: string;
  id: number;
  by: string;
}

/**
 * A PIM message a router sent or heard (from the sender's address), stamped with the virtual time;
 * `lan` is 'unicast' for a unicast message.
 */
export interface LoggedMessage {
  at: number;
  router: string;
  lan: string;
  message: PimMessage;
  destination: string;
  from: string;
}

interface Lan {
  name: string;
  /** The first three octets: hosts are `${prefix}.${n}`. */
  prefix: string;
  control: SimLan<ControlFrame>;
  data: SimLan<DataFrame>;
  /** Groups with members on the LAN. */
  members: Set<string>;
}

interface Attachment {
  lan: Lan;
  address: string;
  control: LanPort<ControlFrame>;
  data: LanPort<DataFrame>;
}

/** The LAN name unicast messages are logged under. */
export const UNICAST = 'unicast';

/** A router node: its attachments stay, its process (router and plane) is replaced on restart. */
export class SimRouter<R extends SimRouterProcess> {
  alive = false;
  router: R;
  plane: SimPlane;

  constructor(
    readonly name: string,
    /** By vif. */
    readonly attachments: Attachment[],
    boot: (node: SimRouter<R>) => { router: R; plane: SimPlane },
  ) {
    const process = boot(this);
    this.router = process.router;
    this.plane = process.plane;
  }
}

export interface RouterOptions {
  /** Replaces the shortest-path route, as for a router that prefers another way or metric. */
  rpf?: (source: string) => Rpf | undefined;
}

/** Steps of virtual time between which the plane's (asynchronous) counters are read. */
const STEP_MS = 10;

export class SimNetwork<R extends SimRouterProcess> {
  readonly clock = new VirtualClock();
  readonly traversals: Traversal[] = [];
  readonly sent: LoggedMessage[] = [];
  readonly heard: LoggedMessage[] = [];
  private readonly lans = new Map<string, Lan>();
  private readonly routers = new Map<string, SimRouter<R>>();
  private readonly rpfOverrides = new Map<string, RouterOptions['rpf']>();
  private readonly sourcePorts = new Map<string, LanPort<DataFrame>>();
  private readonly random: Random;
  private readonly unicast: SimLan<UnicastFrame>;
  private readonly unicastPorts = new Map<string, LanPort<UnicastFrame>>();
  private nextPacket = 1;
  private incarnations = 0;

  constructor(
    private readonly factory: RouterFactory<R>,
    private readonly seed = 1,
    private readonly impairments: Impairments = {},
  ) {
    this.random = seededRandom(seed);
    this.unicast = new SimLan(this.clock, this.random, unicastImpairments(impairments));
  }

  /** A LAN 10.0.`n`.0/24. */
  addLan(name: string, n: number): void {
    const lan: Lan = {
      name,
      prefix: `10.0.${n}`,
      control: new SimLan(this.clock, this.random, this.impairments),
      data: new SimLan(this.clock, this.random, { loss: this.impairments.loss ?? 0 }),
      members: new Set(),
    };
    this.lans.set(name, lan);
  }

  /** A router with address `<lan prefix>.<host>` on each LAN, VIFs in the order of `lans`. */
  addRouter(name: string, host: number, lans: string[], options: RouterOptions = {}): SimRouter<R> {
    this.rpfOverrides.set(name, options.rpf);
    const attachments: Attachment[] = lans.map((lanName, vif) => {
      const lan = this.lan(lanName);
      const address = `${lan.prefix}.${host}`;
      return {
        lan,
        address,
        control: lan.control.attach(address, (frame, from) => {
          if (!node.alive) return;
          if (frame.destination !== ALL_PIM_ROUTERS && frame.destination !== address) return;
          this.heard.push({ at: this.clock.now(), router: name, lan: lanName, ...frame, from });
          node.router.receive(vif, frame.message, from);
        }),
        data: lan.data.attach(address, (frame) => {
          if (node.alive) node.plane.receive(vif, frame.source, frame.group, frame.id);
        }),
      };
    });
    const node: SimRouter<R> = new SimRouter<R>(name, attachments, (n) => this.boot(n));
    this.routers.set(name, node);
    const addresses = new Set(attachments.map((a) => a.address));
    const unicast = this.unicast.attach(name, (frame) => {
      if (!node.alive || !addresses.has(frame.destination)) return;
      const { message, source, destination } = frame;
      this.heard.push({
        at: this.clock.now(),
        router: name,
        lan: UNICAST,
        message,
        destination,
        from: source,
      });
      if (message.type === 'register') node.plane.decapsulate(message);
      node.router.receiveUnicast?.(message, source, destination);
    });
    this.unicastPorts.set(name, unicast);
    return node;
  }

  get(name: string): SimRouter<R> {
    const node = this.routers.get(name);
    if (!node) throw new Error(`no router ${name}`);
    return node;
  }

  /** Starts every router. */
  start(): void {
    for (const node of this.routers.values()) this.startRouter(node);
  }

  /** The router dies: it says nothing more, not even goodbye. */
  crash(name: string): void {
    const node = this.get(name);
    node.alive = false;
    node.router.stop();
  }

  /** The router stops cleanly: it says goodbye. */
  stop(name: string): void {
    const node = this.get(name);
    node.router.stop();
    node.alive = false;
  }

  /** The router dies if it still runs, and comes back with no state and a new Generation ID. */
  restart(name: string): void {
    const node = this.get(name);
    this.crash(name);
    const process = this.boot(node);
    node.router = process.router;
    node.plane = process.plane;
    this.startRouter(node);
  }

  /** New impairments on every LAN and for unicast messages; data only ever gets the loss. */
  impair(impairments: Impairments): void {
    this.unicast.impair(unicastImpairments(impairments));
    for (const lan of this.lans.values()) {
      lan.control.impair(impairments);
      lan.data.impair({ loss: impairments.loss ?? 0 });
    }
  }

  setMember(lanName: string, group: string, present: boolean): void {
    const lan = this.lan(lanName);
    if (present) lan.members.add(group);
    else lan.members.delete(group);
    for (const node of this.routers.values())
      node.attachments.forEach((a, vif) => {
        if (a.lan === lan && node.alive) node.router.membershipChanged(vif, group, present);
      });
  }

  /** One packet from `source` (an address on `lanName`) to `group`. */
  send(lanName: string, source: string, group: string): void {
    const lan = this.lan(lanName);
    const id = this.nextPacket++;
    this.traversals.push({ at: this.clock.now(), lan: lan.name, source, group, id, by: source });
    let port = this.sourcePorts.get(source);
    if (!port) {
      port = lan.data.attach(source, () => {});
      this.sourcePorts.set(source, port);
    }
    port.send({ source, group, id });
  }

  /** A packet every `everyMs` from now until `untilMs` (virtual time). */
  stream(lanName: string, source: string, group: string, everyMs: number, untilMs: number): void {
    const tick = () => {
      if (this.clock.now() >= untilMs) return;
      this.send(lanName, source, group);
      this.clock.setTimer(everyMs, tick);
    };
    tick();
  }

  /** Advances virtual time, letting the routers read their planes' counters along the way. */
  async run(ms: number): Promise<void> {
    const end = this.clock.now() + ms;
    while (this.clock.now() < end) {
      this.clock.advance(Math.min(STEP_MS, end - this.clock.now()));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Copies of packets to `group` on `lanName` within [from, to). */
  seen(lanName: string, group: string, from = 0, to = Number.POSITIVE_INFINITY): Traversal[] {
    return this.traversals.filter((t) => t.lan === lanName && t.group === group && t.at >= from && t.at < to);
  }

  /** The longest stretch within [from, to) without a packet to `group` on `lanName`. */
  longestGap(lanName: string, group: string, from: number, to: number): number {
    const at = [from, ...this.seen(lanName, group, from, to).map((t) => t.at), to];
    return Math.max(...at.slice(1).map((t, i) => t - (at[i] ?? 0)));
  }

  /** Packets that crossed a LAN more than once. */
  repeats(): Traversal[] {
    const seen = new Set<string>();
    return this.traversals.filter((t) => {
      const key = `${t.lan} ${t.id}`;
      if (seen.has(key)) return true;
      seen.add(key);
      return false;
    });
  }

  private lan(name: string): Lan {
    const lan = this.lans.get(name);
    if (!lan) throw new Error(`no LAN ${name}`);
    return lan;
  }

  /** A new router process (and plane) behind the node's attachments. */
  private boot(node: SimRouter<R>): { router: R; plane: SimPlane } {
    const plane = new SimPlane((vif, source, group, id) => {
      const attachment = node.attachments[vif];
      if (!attachment || !node.alive) return;
      this.traversals.push({
        at: this.clock.now(),
        lan: attachment.lan.name,
        source,
        group,
        id,
        by: node.name,
      });
      attachment.data.send({ source, group, id });
    });
    node.attachments.forEach((a, vif) => {
      plane.addVif({ index: vif, name: `${node.name}-eth${vif}`, ifindex: vif + 2, address: a.address });
    });
    const router = this.factory({
      name: node.name,
      clock: this.clock,
      random: seededRandom(this.seed * 7919 + ++this.incarnations),
      interfaces: node.attachments.map((a, vif) => ({ vif, address: a.address, prefixLength: 24 })),
      port: {
        send: (vif, message, destination) => {
          const attachment = node.attachments[vif];
          if (!attachment || !node.alive) return;
          this.sent.push({
            at: this.clock.now(),
            router: node.name,
            lan: attachment.lan.name,
            message,
            destination,
            from: attachment.address,
          });
          attachment.control.send({ message, destination });
        },
        unicast: (message, source, destination) => {
          if (!node.alive) return;
          this.sent.push({
            at: this.clock.now(),
            router: node.name,
            lan: UNICAST,
            message,
            destination,
            from: source,
          });
          this.unicastPorts.get(node.name)?.send({ message, source, destination });
        },
      },
      plane,
      rpf: this.rpfOverrides.get(node.name) ?? ((source) => this.shortestPath(node, source)),
      hasLocalMembers: (vif, group) => node.attachments[vif]?.lan.members.has(group) ?? false,
    });
    plane.onUpcall((upcall) => router.onUpcall(upcall));
    return { router, plane };
  }

  /** A router starts knowing the members on its LANs, as IGMP would soon tell it. */
  private startRouter(node: SimRouter<R>): void {
    node.alive = true;
    node.router.start();
    node.attachments.forEach((a, vif) => {
      for (const group of a.lan.members) node.router.membershipChanged(vif, group, true);
    });
  }

  /**
   * The static route to `source`: directly connected (metric 0) on its LAN, else via the neighbor
   * fewest routers away from it (metric preference 1, metric = hops), ties to the lower address.
   */
  private shortestPath(node: SimRouter<R>, source: string): Rpf | undefined {
    const home = [...this.lans.values()].find((lan) => source.startsWith(`${lan.prefix}.`));
    if (!home) return undefined;
    const direct = node.attachments.findIndex((a) => a.lan === home);
    if (direct >= 0) return { vif: direct, neighbor: undefined, metricPreference: 0, metric: 0 };
    const hops = this.hopsTo(home);
    let best: Rpf | undefined;
    node.attachments.forEach((a, vif) => {
      for (const other of this.routers.values()) {
        if (other === node) continue;
        const there = other.attachments.find((o) => o.lan === a.lan);
        const distance = hops.get(other.name);
        if (!there || distance === undefined) continue;
        const candidate = { vif, neighbor: there.address, metricPreference: 1, metric: distance + 1 };
        if (
          !best ||
          candidate.metric < best.metric ||
          (candidate.metric === best.metric && compareAddresses(candidate.neighbor, best.neighbor ?? '') < 0)
        )
          best = candidate;
      }
    });
    return best;
  }

  /** Routers by the number of routers between them and `home` (0: attached to it). */
  private hopsTo(home: Lan): Map<string, number> {
    const hops = new Map<string, number>();
    let frontier = [...this.routers.values()].filter((r) => r.attachments.some((a) => a.lan === home));
    for (const r of frontier) hops.set(r.name, 0);
    for (let distance = 1; frontier.length > 0; distance++) {
      const lans = new Set(frontier.flatMap((r) => r.attachments.map((a) => a.lan)));
      frontier = [...this.routers.values()].filter(
        (r) => !hops.has(r.name) && r.attachments.some((a) => lans.has(a.lan)),
      );
      for (const r of frontier) hops.set(r.name, distance);
    }
    return hops;
  }
}
