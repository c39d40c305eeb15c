import type { DecodeError } from '../decode-error.js';
import { IGMP_TYPE } from './common.js';
import { decodeGroupMessage, encodeGroupMessage } from './group-message.js';
import type { V1Report } from './message.js';

/** The IGMPv1 report (RFC 1112 Appendix I; type 0x12): the shared 8-byte group layout. */
export function decodeV1Report(buf: Buffer): V1Report | DecodeError {
  const decoded = decodeGroupMessage(buf, IGMP_TYPE.v1Report, 'v1-report');
  return 'error' in decoded ? decoded : { type: 'v1-report', group: decoded.group };
}

export function encodeV1Report(msg: V1Report): Buffer {
  return encodeGroupMessage(IGMP_TYPE.v1Report, msg.group);
}
