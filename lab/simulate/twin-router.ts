import type { Clock } from '../../common/clock.js';
import type { NodeConfig } from '../../common/node-config.js';
import type { Random } from '../../common/sim/random.js';
import { SimPlane } from '../../router-sim/fib/sim-plane.js';
import type { IgmpRouterInterface } from '../../router-sim/igmp/router-interface.js';
import { igmpTimers } from '../../router-sim/igmp/timers.js';
import type { PimInterfaceSnapshot } from '../../router-sim/pim/common/interface.js';
import {
  denseModeRouter,
  igmpQueriers,
  type ProtocolInterface,
  sparseModeRouter,
} from '../../router-sim/protocol-machines.js';
import type { Rpf } from '../../router-sim/rib/rpf.js';
import { LocalMembershipRouting } from '../../router-sim/routing/local-membership.js';
import { Membership } from '../../router-sim/routing/membership.js';
import type { Routing } from '../../router-sim/routing/routing.js';
import type { IgmpMessage } from '../../router-sim/wire/igmp/message.js';
import type { PimMessage } from '../../router-sim/wire/pim/message.js';
import { ALL_PIM_ROUTERS } from '../../router-sim/wire/pim/message.js';
import { countState, type RouterStateCount } from '../compare/router-state.js';
import type { Frame } from './twin-network.js';

/** What a simulated router does with the lab around it: its links, routed unicast and routes. */
export interface RouterEdges {
  clock: Clock;
  random: Random;
  /** VIF n is the router's n-th interface. */
  interfaces: ProtocolInterface[];
  sendIgmp(vif: number, message: IgmpMessage, destination: string): void;
  sendPim(vif: number, message: PimMessage, destination: string): void;
  /** Register and Register-Stop, routed hop by hop to `destination`. */
  unicast(message: PimMessage, source: string, destination: string): void;
  /** A data packet (numbered `id`) the plane forwards out of `vif`. */
  transmit(vif: number, source: string, group: string, id: number): void;
  rpf(address: string): Rpf | undefined;
}

/**
 * A router of the simulated twin: the protocol machines router-sim runs (protocol-machines.ts), wired
 * as multicast-router.ts wires them in the daemon, with a SimPlane doing what the kernel does.
 */
export class TwinRouter {
  readonly plane: SimPlane;
  private readonly igmp: IgmpRouterInterface[];
  private readonly routing: Routing;
  private readonly pim:
    | { kind: 'dense'; router: ReturnType<typeof denseModeRouter> }
    | { kind: 'sparse'; router: ReturnType<typeof sparseModeRouter> }
    | undefined;

  constructor(
    readonly name: string,
    config: Pick<NodeConfig, 'pim' | 'igmpVersion' | 'profile' | 'rps' | 'sptThreshold'>,
    private readonly edges: RouterEdges,
  ) {
    const { clock, random, interfaces } = edges;
    this.plane = new SimPlane((vif, source, group, id) => edges.transmit(vif, source, group, id));
    for (const i of interfaces)
      this.plane.addVif({
        index: i.vif,
        name: `${name}-eth${i.vif}`,
        ifindex: i.vif + 2,
        address: i.address,
      });
    const registerVif = interfaces.length;
    if (config.pim === 'sparse')
      this.plane.addVif({ index: registerVif, name: 'pimreg', ifindex: 0, address: '', register: true });

    const membership = new Membership();
    const parts = {
      clock,
      random,
      interfaces,
      plane: this.plane,
      rpf: (address: string) => edges.rpf(address),
      hasLocalMembers: (vif: number, group: string) => membership.has(vif, group),
      port: { send: edges.sendPim, unicast: edges.unicast },
    };
    this.pim =
      config.pim === 'dense'
        ? { kind: 'dense', router: denseModeRouter(config, parts) }
        : config.pim === 'sparse'
          ? { kind: 'sparse', router: sparseModeRouter(config, { ...parts, registerVif }) }
          : undefined;
    this.routing =
      this.pim?.router ??
      new LocalMembershipRouting(
        clock,
        this.plane,
        membership,
        igmpTimers(config.profile).groupMembershipInterval,
        () => {},
      );
    this.plane.onUpcall((upcall) => this.routing.onUpcall(upcall));
    this.igmp = igmpQueriers(config, {
      clock,
      interfaces,
      send: edges.sendIgmp,
      onMembership: (vif, group, hasMembers) => {
        membership.set(vif, group, hasMembers);
        this.routing.membershipChanged(vif, group, hasMembers);
      },
    });
  }

  start(): void {
    this.routing.start();
    for (const querier of this.igmp) querier.start();
  }

  /** A frame heard on interface `vif`. */
  receive(vif: number, frame: Frame): void {
    const own = this.edges.interfaces[vif]?.address;
    if (frame.kind === 'data') this.plane.receive(vif, frame.source, frame.group, frame.id);
    else if (frame.kind === 'igmp') this.igmp[vif]?.receive(frame.message, frame.source);
    else if (frame.destination === ALL_PIM_ROUTERS || frame.destination === own)
      this.pim?.router.receive(vif, frame.message, frame.source);
  }

  /** A Register or Register-Stop addressed to one of the router's addresses. */
  receiveUnicast(message: PimMessage, source: string, destination: string): void {
    if (this.pim?.kind !== 'sparse') return;
    if (message.type === 'register') this.plane.decapsulate(message);
    this.pim.router.receiveUnicast(message, source, destination);
  }

  /** Each interface's PIM neighbors; empty without PIM. */
  neighbors(): PimInterfaceSnapshot[] {
    return this.pim?.router.neighbors() ?? [];
  }

  stateCount(): RouterStateCount {
    return countState(this.name, this.pim?.router.state() ?? []);
  }
}
