import type { DecodeError } from '../decode-error.js';
import { IGMP_TYPE } from './common.js';
import { decodeGroupMessage, encodeGroupMessage } from './group-message.js';
import type { V2Leave } from './message.js';

/** The IGMPv2 leave group (RFC 2236 §2.1; type 0x17): the shared 8-byte group layout. */
export function decodeV2Leave(buf: Buffer): V2Leave | DecodeError {
  const decoded = decodeGroupMessage(buf, IGMP_TYPE.v2Leave, 'v2-leave');
  return 'error' in decoded ? decoded : { type: 'v2-leave', group: decoded.group };
}

export function encodeV2Leave(msg: V2Leave): Buffer {
  return encodeGroupMessage(IGMP_TYPE.v2Leave, msg.group);
}
