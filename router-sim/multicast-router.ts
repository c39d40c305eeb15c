import type { Clock } from '../common/clock.js';
import type { Logger } from '../common/logger.js';
import type { NodeConfig } from '../common/node-config.js';
import { startDenseMode } from './dense-mode.js';
import type { ForwardingPlane } from './fib/forwarding-plane.js';
import { KernelPlane } from './fib/kernel-plane.js';
import { IgmpRouterInterface } from './igmp/router-interface.js';
import { igmpTimers } from './igmp/timers.js';
import { type Link, linkFor, registerVif } from './io/links.js';
import { RawSender } from './io/raw-sender.js';
import type { PimMode, PimModeParts } from './pim-mode.js';
import { LocalMembershipRouting } from './routing/local-membership.js';
import { Membership } from './routing/membership.js';
import type { Routing } from './routing/routing.js';
import { startSparseMode } from './sparse-mode.js';
import { decodeIgmpPacket, encodeIgmpPacket } from './wire/igmp/igmp.js';

/** Where IGMPv3 reports (RFC 3376 §4.2.14) and IGMPv2 leaves (RFC 2236 §3) are sent. */
const ALL_IGMPV3_ROUTERS = '224.0.0.22';
const ALL_ROUTERS = '224.0.0.2';

export interface MulticastRouter {
  plane: ForwardingPlane;
  /** IGMP per link, indexed by VIF. */
  igmp: IgmpRouterInterface[];
  /** Present when the lab runs PIM, dense or sparse. */
  pim: PimMode | undefined;
  stop(): Promise<void>;
}

/**
 * Wires multicast routing together: the kernel plane with one VIF per link, an IGMP querier per
 * link speaking real packets, and the routing the topology asks for — from IGMP membership alone
 * (`pim: none`) or PIM dense or sparse mode — fed by membership and upcalls (wire → state machines → forwarding).
 */
export function startMulticastRouting(
  config: NodeConfig,
  links: Link[],
  clock: Clock,
  log: Logger,
): MulticastRouter {
  const timers = igmpTimers(config.profile);
  const socketError = (error: Error) => log.error('socket error', { error: error.message });
  const plane = new KernelPlane((packet) => {
    const decoded = decodeIgmpPacket(packet);
    if ('error' in decoded) return log.info('dropped IGMP packet', { reason: decoded.error });
    const link = linkFor(links, decoded.ip.src);
    // Our own queries come back through the mroute socket; anything off our subnets is not link-local.
    if (!link || decoded.ip.src === link.address) return;
    igmp[link.vif]?.receive(decoded.message, decoded.ip.src);
  }, socketError);
  for (const link of links) {
    plane.addVif({ index: link.vif, name: link.name, ifindex: link.ifindex, address: link.address });
    for (const group of [ALL_IGMPV3_ROUTERS, ALL_ROUTERS]) plane.listenOn(group, link.ifindex);
  }
  const senders = links.map((link) => new RawSender(link.name, socketError));

  const membership = new Membership();
  const modeParts: PimModeParts = {
    config,
    links,
    clock,
    log,
    plane,
    senders,
    hasLocalMembers: (vif, group) => membership.has(vif, group),
  };
  if (config.pim === 'sparse')
    plane.addVif({ index: registerVif(links), name: 'pimreg', ifindex: 0, address: '', register: true });
  const pim =
    config.pim === 'dense'
      ? startDenseMode(modeParts)
      : config.pim === 'sparse'
        ? startSparseMode(modeParts)
        : undefined;
  // (S,G) entries that carried nothing for a Group Membership Interval are removed.
  const routing: Routing =
    pim ??
    new LocalMembershipRouting(clock, plane, membership, timers.groupMembershipInterval, (error) =>
      log.error('idle route check failed', { error: error.message }),
    );
  plane.onUpcall((upcall) => routing.onUpcall(upcall));

  const igmp = links.map(
    (link) =>
      new IgmpRouterInterface({
        clock,
        address: link.address,
        version: config.igmpVersion,
        timers,
        port: {
          send: (message, destination) =>
            void senders[link.vif]
              ?.send(encodeIgmpPacket(message, { src: link.address, dst: destination }), destination)
              .catch((err: Error) =>
                log.error('IGMP send failed', { interface: link.name, error: err.message }),
              ),
        },
        onMembership: (group, hasMembers) => {
          membership.set(link.vif, group, hasMembers);
          routing.membershipChanged(link.vif, group, hasMembers);
        },
      }),
  );
  routing.start();
  for (const querier of igmp) querier.start();

  return {
    plane,
    igmp,
    pim,
    stop: async () => {
      for (const querier of igmp) querier.stop();
      routing.stop();
      // Let the goodbyes just queued (PIM Hellos with holdtime 0) leave before the sockets close.
      await new Promise((resolve) => setTimeout(resolve, 100));
      for (const sender of senders) sender.close();
      plane.close();
    },
  };
}
