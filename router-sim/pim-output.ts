import type { Logger } from '../common/logger.js';
import type { EventLog } from '../common/protocol-events.js';
import type { Link } from './io/links.js';
import { RawSender } from './io/raw-sender.js';
import type { SparsePort } from './pim/sparse/context.js';
import { recordPimMessage } from './pim-events.js';
import { encodePimPacket } from './wire/pim/packet.js';

/** Where a router's PIM messages leave the daemon, and the routed socket to close when it stops. */
export interface PimOutput {
  /** Link-local messages out of each link's sender; Registers and Register-Stops routed by the kernel. */
  port: SparsePort;
  close(): void;
}

/** Opens the routed socket; link-local messages use the daemon's per-link `senders`, indexed by VIF. */
export function openPimOutput(parts: {
  links: readonly Link[];
  log: Logger;
  events: EventLog;
  senders: readonly RawSender[];
}): PimOutput {
  const { links, log, events, senders } = parts;
  const sendError = (name: string) => (err: Error) =>
    log.error('PIM send failed', { interface: name, error: err.message });
  const routed = new RawSender(undefined, (error) => log.error('socket error', { error: error.message }));
  return {
    port: {
      send: (vif, message, destination) => {
        const link = links[vif];
        if (!link) return;
        recordPimMessage(events, 'sent', `${link.name} to ${destination}`, message);
        senders[vif]
          ?.send(encodePimPacket(message, { src: link.address, dst: destination }), destination)
          .catch(sendError(link.name));
      },
      unicast: (message, source, destination) => {
        recordPimMessage(events, 'sent', `routed to ${destination}`, message);
        void routed
          .send(encodePimPacket(message, { src: source, dst: destination }), destination)
          .catch(sendError('routed'));
      },
    },
    close: () => routed.close(),
  };
}
