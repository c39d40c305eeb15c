import type { EventLog } from '../common/protocol-events.js';
import { decodeIpv4 } from './wire/ipv4/header.js';
import type { EncodedSource, PimMessage } from './wire/pim/message.js';

/**
 * PIM messages as protocol events: what was sent or heard on which interface, and what it says —
 * Join/Prune, Graft and Graft-Ack entries as (S,G), (*,G) or (S,G,rpt) joins and prunes, Asserts and
 * Registers with their (S,G). Hellos come every few seconds and say nothing new: they are left out.
 */
export function recordPimMessage(
  events: EventLog,
  direction: 'sent' | 'heard',
  where: string,
  message: PimMessage,
): void {
  if (message.type === 'hello') return;
  events.record({ machine: 'pim', key: where, event: `${message.type} ${direction}`, to: summary(message) });
}

function summary(message: PimMessage): string {
  switch (message.type) {
    case 'join-prune':
    case 'graft':
    case 'graft-ack':
      return message.groups
        .flatMap((g) => [
          ...g.joins.map((s) => `join ${entry(s, g.group)}`),
          ...g.prunes.map((s) => `prune ${entry(s, g.group)}`),
        ])
        .join(', ');
    case 'assert':
    case 'state-refresh':
    case 'register-stop':
      return `(${message.source},${message.group})`;
    case 'register': {
      const inner = decodeIpv4(message.packet);
      const sg = 'error' in inner ? '(?)' : `(${inner.src},${inner.dst})`;
      return `${message.nullRegister ? 'null ' : ''}${sg}`;
    }
    case 'hello':
      return '';
  }
}

const entry = (s: EncodedSource, group: string) =>
  s.wildcard ? `(*,${group})` : s.rpt ? `(${s.address},${group},rpt)` : `(${s.address},${group})`;
