import type { DecodeError } from '../decode-error.js';
import { IGMP_TYPE } from './common.js';
import { decodeGroupMessage, encodeGroupMessage } from './group-message.js';
import type { V2Report } from './message.js';

/** The IGMPv2 membership report (RFC 2236 §2.1; type 0x16): the shared 8-byte group layout. */
export function decodeV2Report(buf: Buffer): V2Report | DecodeError {
  const decoded = decodeGroupMessage(buf, IGMP_TYPE.v2Report, 'v2-report');
  return 'error' in decoded ? decoded : { type: 'v2-report', group: decoded.group };
}

export function encodeV2Report(msg: V2Report): Buffer {
  return encodeGroupMessage(IGMP_TYPE.v2Report, msg.group);
}
