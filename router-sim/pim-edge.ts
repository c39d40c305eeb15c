import { readFile } from 'node:fs/promises';
import type { Clock, Timer } from '../common/clock.js';
import type { Logger } from '../common/logger.js';
import type { EventLog } from '../common/protocol-events.js';
import type { Upcall } from './fib/forwarding-plane.js';
import { type Link, linkFor } from './io/links.js';
import { PimSocket } from './io/pim-socket.js';
import { RawSender } from './io/raw-sender.js';
import type { PimPort } from './pim/common/port.js';
import { recordPimMessage } from './pim-events.js';
import { RpfResolver } from './rib/rpf-resolver.js';
import type { PimMessage } from './wire/pim/message.js';
import { decodePimPacket, encodePimPacket } from './wire/pim/packet.js';

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
  rpf: RpfResolver;
  /** Link-local messages out of one interface. */
  port: PimPort;
  /** A unicast PIM packet from one of our addresses, routed by the kernel. */
  unicast(message: PimMessage, source: string, destination: string): void;
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
 * What PIM dense and sparse mode share at the daemon's edge: PIM packets in from a raw socket, out
 * through each link's sender (or routed, for Registers), and RPF from the kernel's unicast table.
 */
export function startPimEdge(parts: {
  links: Link[];
  clock: Clock;
  log: Logger;
  events: EventLog;
  senders: RawSender[];
  receiver: () => PimReceiver;
}): PimEdge {
  const { links, clock, log, events, senders } = parts;
  const sendError = (name: string) => (err: Error) =>
    log.error('PIM send failed', { interface: name, error: err.message });
  const rpf = new RpfResolver(links, () => readFile('/proc/net/route', 'utf8'));
  const routed = new RawSender(undefined, (error) => log.error('socket error', { error: error.message }));
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
        return parts.receiver().receiveUnicast(message, ip.src, ip.dst);
      const link = linkFor(links, ip.src);
      if (link && ip.src !== link.address) parts.receiver().receive(link.vif, message, ip.src);
    },
    (error) => log.error('socket error', { error: error.message }),
  );

  const refreshRoutes = async () => {
    try {
      if (await rpf.refresh()) parts.receiver().rpfChanged();
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
    rpf,
    port: {
      send: (vif, message, destination) => {
        const link = links[vif];
        if (!link) return;
        recordPimMessage(events, 'sent', `${link.name} to ${destination}`, message);
        senders[vif]
          ?.send(encodePimPacket(message, { src: link.address, dst: destination }), destination)
          .catch(sendError(link.name));
      },
    },
    unicast: (message, source, destination) => {
      recordPimMessage(events, 'sent', `routed to ${destination}`, message);
      void routed
        .send(encodePimPacket(message, { src: source, dst: destination }), destination)
        .catch(sendError('routed'));
    },
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
      routed.close();
    },
  };
}
