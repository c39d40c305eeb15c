import { readFile } from 'node:fs/promises';
import type { Clock, Timer } from '../common/clock.js';
import type { Logger } from '../common/logger.js';
import type { NodeConfig } from '../common/node-config.js';
import { systemRandom } from '../common/sim/random.js';
import type { KernelPlane } from './fib/kernel-plane.js';
import { type Link, linkFor } from './io/links.js';
import { PimSocket } from './io/pim-socket.js';
import type { RawSender } from './io/raw-sender.js';
import { pimTimers } from './pim/common/timers.js';
import { DenseModeRouter } from './pim/dense/dense-router.js';
import { RpfResolver } from './rib/rpf.js';
import type { Routing } from './routing/routing.js';
import { decodePimPacket, encodePimPacket } from './wire/pim/packet.js';

/** How often the kernel's unicast table is re-read for RPF changes (routes arrive after start, too). */
const RPF_POLL_MS = 1_000;

export interface DenseMode extends Routing {
  router: DenseModeRouter;
}

/**
 * PIM dense mode's edges: PIM packets in from a raw socket and out through each link's sender, RPF
 * from the kernel's unicast table, WRONGVIF upcalls for asserts; the protocol itself is DenseModeRouter.
 */
export function startDenseMode(parts: {
  config: NodeConfig;
  links: Link[];
  clock: Clock;
  log: Logger;
  plane: KernelPlane;
  senders: RawSender[];
  hasLocalMembers: (vif: number, group: string) => boolean;
}): DenseMode {
  const { config, links, clock, log, plane, senders } = parts;
  const rpf = new RpfResolver(links, () => readFile('/proc/net/route', 'utf8'));
  plane.enableAssertUpcalls();
  const router = new DenseModeRouter({
    clock,
    timers: pimTimers(config.profile),
    random: systemRandom,
    interfaces: links.map((l) => ({ vif: l.vif, address: l.address, prefixLength: l.prefixLength })),
    plane,
    rpf: (source) => rpf.rpf(source),
    hasLocalMembers: parts.hasLocalMembers,
    port: {
      send: (vif, message, destination) => {
        const link = links[vif];
        if (!link) return;
        senders[vif]
          ?.send(encodePimPacket(message, { src: link.address, dst: destination }), destination)
          .catch((err: Error) => log.error('PIM send failed', { interface: link.name, error: err.message }));
      },
    },
  });
  const socket = new PimSocket(
    links,
    (packet) => {
      const decoded = decodePimPacket(packet);
      if ('error' in decoded) return log.info('dropped PIM packet', { reason: decoded.error });
      const link = linkFor(links, decoded.ip.src);
      if (!link || decoded.ip.src === link.address) return;
      router.receive(link.vif, decoded.message, decoded.ip.src);
    },
    (error) => log.error('socket error', { error: error.message }),
  );

  const refreshRoutes = async () => {
    try {
      if (await rpf.refresh()) router.rpfChanged();
    } catch (error) {
      log.error('reading unicast routes failed', { error: (error as Error).message });
    }
  };
  let poll: Timer | undefined;
  let stopped = false;
  const pollRoutes = async () => {
    await refreshRoutes();
    if (!stopped) poll = clock.setTimer(RPF_POLL_MS, () => void pollRoutes());
  };

  return {
    router,
    start: () => void pollRoutes().then(() => router.start()),
    onUpcall: (upcall) => {
      // A source with no route yet may only be new to us (routes arrive after start): look again now,
      // because the kernel raises one NOCACHE per (S,G) and then waits ten seconds before another.
      if (upcall.kind === 'nocache' && !rpf.rpf(upcall.source))
        void refreshRoutes().then(() => router.onUpcall(upcall));
      else router.onUpcall(upcall);
    },
    membershipChanged: (vif, group, hasMembers) => router.membershipChanged(vif, group, hasMembers),
    stop: () => {
      stopped = true;
      poll?.cancel();
      router.stop();
      socket.close();
    },
  };
}
