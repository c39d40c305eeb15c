import type { Clock } from '../common/clock.js';
import type { Logger } from '../common/logger.js';
import type { NodeConfig } from '../common/node-config.js';
import type { EventLog } from '../common/protocol-events.js';
import { type KernelForwardingPlane, openForwardingPlane } from './fib/open-plane.js';
import { RecordedPlane } from './fib/recorded-plane.js';
import type { IgmpRouterInterface } from './igmp/router-interface.js';
import { igmpTimers } from './igmp/timers.js';
import { type Link, linkFor, registerVif, vifName } from './io/links.js';
import { RawSender } from './io/raw-sender.js';
import { type PimMode, type PimModeParts, startPimMode } from './pim-mode.js';
import { igmpQueriers } from './protocol-machines.js';
import { LocalMembershipRouting } from './routing/local-membership.js';
import { Membership } from './routing/membership.js';
import type { Routing } from './routing/routing.js';
import { decodeIgmpPacket, encodeIgmpPacket } from './wire/igmp/igmp.js';

export interface MulticastRouter {
  plane: KernelForwardingPlane;
  /** IGMP per link, indexed by VIF. */
  igmp: IgmpRouterInterface[];
  /** Present when the lab runs PIM, dense or sparse. */
  pim: PimMode | undefined;
  stop(): Promise<void>;
}

/**
 * Wires multicast routing together: the kernel forwarding plane the topology asks for (mroute API or
 * nftables) with one VIF per link, an IGMP querier per
 * link speaking real packets, and the routing the topology asks for — from IGMP membership alone
 * (`pim: none`) or PIM dense or sparse mode — fed by membership and upcalls (wire → state machines → forwarding).
 */
export async function startMulticastRouting(
  config: NodeConfig,
  links: Link[],
  clock: Clock,
  log: Logger,
  events: EventLog,
): Promise<MulticastRouter> {
  const timers = igmpTimers(config.profile);
  const socketError = (error: Error) => log.error('socket error', { error: error.message });
  const kernelPlane = await openForwardingPlane(config.forwarding, {
    clock,
    onIgmpPacket: (packet) => {
      const decoded = decodeIgmpPacket(packet);
      if ('error' in decoded) return log.info('dropped IGMP packet', { reason: decoded.error });
      const link = linkFor(links, decoded.ip.src);
      // Our own queries may come back; anything off our subnets is not link-local.
      if (!link || decoded.ip.src === link.address) return;
      igmp[link.vif]?.receive(decoded.message, decoded.ip.src);
    },
    onError: socketError,
  });
  const plane = new RecordedPlane(kernelPlane, events, (vif) => vifName(links, vif));
  for (const link of links)
    plane.addVif({ index: link.vif, name: link.name, ifindex: link.ifindex, address: link.address });
  const senders = links.map((link) => new RawSender(link.name, socketError));

  const membership = new Membership();
  const modeParts: PimModeParts = {
    config,
    links,
    clock,
    log,
    events,
    plane,
    senders,
    hasLocalMembers: (vif, group) => membership.has(vif, group),
  };
  if (config.pim === 'sparse')
    plane.addVif({ index: registerVif(links), name: 'pimreg', ifindex: 0, address: '', register: true });
  const pim = config.pim === 'none' ? undefined : startPimMode(config.pim, modeParts);
  // (S,G) entries that carried nothing for a Group Membership Interval are removed.
  const routing: Routing =
    pim ??
    new LocalMembershipRouting(clock, plane, membership, timers.groupMembershipInterval, (error) =>
      log.error('idle route check failed', { error: error.message }),
    );
  plane.onUpcall((upcall) => routing.onUpcall(upcall));

  const igmp = igmpQueriers(config, {
    clock,
    interfaces: links,
    send: (vif, message, destination) => {
      const link = links[vif];
      if (!link) return;
      void senders[vif]
        ?.send(encodeIgmpPacket(message, { src: link.address, dst: destination }), destination)
        .catch((err: Error) => log.error('IGMP send failed', { interface: link.name, error: err.message }));
    },
    onMembership: (vif, group, hasMembers) => {
      events.record({
        machine: 'igmp',
        key: `${vifName(links, vif)} ${group}`,
        event: hasMembers ? 'members' : 'no members',
      });
      membership.set(vif, group, hasMembers);
      routing.membershipChanged(vif, group, hasMembers);
    },
    sink: events,
  });
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
