import type { Clock, Timer } from '../common/clock.js';
import type { Logger } from '../common/logger.js';
import type { EventLog } from '../common/protocol-events.js';
import type { Upcall } from './fib/forwarding-plane.js';
import { type Link, linkFor } from './io/links.js';
import { PimSocket } from './io/pim-socket.js';
import { recordPimMessage } from './pim-events.js';
import type { RpfResolver } from './rib/rpf-resolver.js';
import type { PimMessage } from './wire/pim/message.js';
import { decodePimPacket } from './wire/pim/packet.js';

/** How often the kernel's unicast table is re-read for RPF changes (routes arrive after start, too). */
const RPF_POLL_MS = 1_000;

/** Where PIM messages heard by the edge go: link-local ones with their interface, Registers apart. */
export interface PimReceiver {
  receive(vif: number, message: PimMessage, source: string): void;
  /** Register and Register-Stop, unicast to one of our addresses from anywhere in the lab. */
  receiveUnicast(message: PimMessage, source: string, destination: string): void;
  /** The unicast table changed. */
  rpfChanged(): void;
}

export interface PimEdge {
  /** Reads the routes, then starts the protocol and keeps polling. */
  start(startProtocol: () => void): void;
  /**
   * Hands on an upcall, after reading the routes again if it names a source with no route yet: the
   * kernel raises one NOCACHE per (S,G) and then waits ten seconds before another.
   */
  upcall(upcall: Upcall, handle: (upcall: Upcall) => void): void;
  stop(): void;
}

/**
 * What PIM dense and sparse mode share at the daemon's input edge: PIM packets in from a raw socket
 * to `receiver`, and the kernel's unicast table kept fresh in `rpf`.
 */
export function startPimEdge(parts: {
  links: Link[];
  clock: Clock;
  log: Logger;
  events: EventLog;
  rpf: RpfResolver;
  receiver: PimReceiver;
}): PimEdge {
  const { links, clock, log, events, rpf, receiver } = parts;
  const socket = new PimSocket(
    links,
    (packet) => {
      const decoded = decodePimPacket(packet);
      if ('error' in decoded) return log.info('dropped PIM packet', { reason: decoded.error });
      const { message, ip } = decoded;
      recordPimMessage(
        events,
        'heard',
        `${linkFor(links, ip.src)?.name ?? 'routed'} from ${ip.src}`,
        message,
      );
      if (message.type === 'register' || message.type === 'register-stop')
        return receiver.receiveUnicast(message, ip.src, ip.dst);
      const link = linkFor(links, ip.src);
      if (link && ip.src !== link.address) receiver.receive(link.vif, message, ip.src);
    },
    (error) => log.error('socket error', { error: error.message }),
  );

  const refreshRoutes = async () => {
    try {
      if (await rpf.refresh()) receiver.rpfChanged();
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
    start: (startProtocol) => void pollRoutes().then(startProtocol),
    upcall: (upcall, handle) => {
      if (upcall.kind === 'nocache' && !rpf.rpf(upcall.source))
        void refreshRoutes().then(() => handle(upcall));
      else handle(upcall);
    },
    stop: () => {
      stopped = true;
      poll?.cancel();
      socket.close();
    },
  };
}
