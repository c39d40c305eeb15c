import { type DecodeError, decodeError } from '../decode-error.js';
import { checkUint, newPimMessage, PIM_HEADER_LENGTH, PIM_TYPE, pimType, sealPimChecksum } from './common.js';
import {
  decodeEncodedGroup,
  decodeEncodedSource,
  decodeEncodedUnicast,
  ENCODED_GROUP_LENGTH,
  ENCODED_SOURCE_LENGTH,
  ENCODED_UNICAST_LENGTH,
  writeEncodedGroup,
  writeEncodedSource,
  writeEncodedUnicast,
} from './encoded-address.js';
import type { EncodedSource, Graft, GraftAck, GroupSet, JoinPrune } from './message.js';

/**
 * Join/Prune (type 3, RFC 7761 §4.9.5), Graft (type 6, RFC 3973 §4.7.6) and Graft-Ack (type 7, §4.7.7)
 * share one layout: upstream neighbor (Encoded-Unicast); reserved, number of groups, holdtime; then per
 * group an Encoded-Group, the numbers of joined and pruned sources, and those Encoded-Sources.
 */
export type JoinPruneMessage = JoinPrune | Graft | GraftAck;

const KIND_BY_TYPE = new Map<number, JoinPruneMessage['type']>([
  [PIM_TYPE.joinPrune, 'join-prune'],
  [PIM_TYPE.graft, 'graft'],
  [PIM_TYPE.graftAck, 'graft-ack'],
]);
const TYPE_BY_KIND = {
  'join-prune': PIM_TYPE.joinPrune,
  graft: PIM_TYPE.graft,
  'graft-ack': PIM_TYPE.graftAck,
};

/** Header, upstream neighbor, then reserved (1), number of groups (1), holdtime (2). */
const FIXED_LENGTH = PIM_HEADER_LENGTH + ENCODED_UNICAST_LENGTH + 4;
/** Per group, before its sources: Encoded-Group, joined and pruned source counts (2 each). */
const GROUP_HEADER_LENGTH = ENCODED_GROUP_LENGTH + 4;
const MAX_GROUPS = 0xff;
const MAX_SOURCES = 0xffff;

/**
 * Decodes a Join/Prune, Graft or Graft-Ack, by the type in its header. Every announced count must fit in
 * the message before any source is read; bytes past the last group are ignored.
 */
export function decodeJoinPrune(buf: Buffer): JoinPruneMessage | DecodeError {
  if (buf.length < FIXED_LENGTH) return decodeError(`Join/Prune truncated: ${buf.length} bytes`);
  const kind = KIND_BY_TYPE.get(pimType(buf));
  if (kind === undefined) return decodeError(`Join/Prune: type ${pimType(buf)} is not 3, 6 or 7`);
  const upstreamNeighbor = decodeEncodedUnicast(buf, PIM_HEADER_LENGTH);
  if (typeof upstreamNeighbor !== 'string')
    return decodeError(`${kind} upstream neighbor: ${upstreamNeighbor.error}`);
  const groupCount = buf.readUInt8(FIXED_LENGTH - 3);
  const holdtime = buf.readUInt16BE(FIXED_LENGTH - 2);
  const groups: GroupSet[] = [];
  let offset = FIXED_LENGTH;
  for (let g = 0; g < groupCount; g++) {
    if (offset + GROUP_HEADER_LENGTH > buf.length) {
      return decodeError(`${kind} truncated in the header of group ${g + 1} of ${groupCount}`);
    }
    const group = decodeEncodedGroup(buf, offset);
    if ('error' in group) return decodeError(`${kind} group ${g + 1}: ${group.error}`);
    const joinCount = buf.readUInt16BE(offset + ENCODED_GROUP_LENGTH);
    const pruneCount = buf.readUInt16BE(offset + ENCODED_GROUP_LENGTH + 2);
    const joinsStart = offset + GROUP_HEADER_LENGTH;
    const prunesStart = joinsStart + ENCODED_SOURCE_LENGTH * joinCount;
    const end = prunesStart + ENCODED_SOURCE_LENGTH * pruneCount;
    if (end > buf.length) {
      return decodeError(
        `${kind} group ${g + 1} of ${groupCount} announces ${joinCount} joined and ${pruneCount} pruned ` +
          `sources, past the end of the ${buf.length}-byte message`,
      );
    }
    const joins = decodeSources(buf, joinsStart, joinCount);
    if (!Array.isArray(joins)) return decodeError(`${kind} group ${g + 1} joins: ${joins.error}`);
    const prunes = decodeSources(buf, prunesStart, pruneCount);
    if (!Array.isArray(prunes)) return decodeError(`${kind} group ${g + 1} prunes: ${prunes.error}`);
    groups.push({
      group: group.address,
      maskLength: group.maskLength,
      ...(group.bidir ? { bidir: true } : {}),
      ...(group.adminScope ? { adminScope: true } : {}),
      joins,
      prunes,
    });
    offset = end;
  }
  return { type: kind, upstreamNeighbor, holdtime, groups };
}

function decodeSources(buf: Buffer, start: number, count: number): EncodedSource[] | DecodeError {
  const sources: EncodedSource[] = [];
  for (let i = 0; i < count; i++) {
    const source = decodeEncodedSource(buf, start + ENCODED_SOURCE_LENGTH * i);
    if ('error' in source) return source;
    sources.push(source);
  }
  return sources;
}

/**
 * Encodes a Join/Prune, Graft or Graft-Ack (the holdtime is sent as given, though Graft and Graft-Ack
 * receivers ignore it). Throws on more than 255 groups or 65535 joined or pruned sources in a group, a mask
 * length over 32, a holdtime over 65535 or a bad address.
 */
export function encodeJoinPrune(msg: JoinPruneMessage): Buffer {
  const type = TYPE_BY_KIND[msg.type];
  if (type === undefined)
    throw new RangeError(`not a Join/Prune, Graft or Graft-Ack: ${JSON.stringify(msg.type)}`);
  if (msg.groups.length > MAX_GROUPS) throw new RangeError('a Join/Prune carries at most 255 groups');
  let length = FIXED_LENGTH;
  for (const set of msg.groups) {
    if (set.joins.length > MAX_SOURCES || set.prunes.length > MAX_SOURCES) {
      throw new RangeError('a Join/Prune group carries at most 65535 joined and 65535 pruned sources');
    }
    length += GROUP_HEADER_LENGTH + ENCODED_SOURCE_LENGTH * (set.joins.length + set.prunes.length);
  }
  const buf = newPimMessage(type, length);
  writeEncodedUnicast(buf, PIM_HEADER_LENGTH, msg.upstreamNeighbor);
  buf.writeUInt8(msg.groups.length, FIXED_LENGTH - 3);
  buf.writeUInt16BE(checkUint('Join/Prune holdtime', msg.holdtime, 0xffff), FIXED_LENGTH - 2);
  let offset = FIXED_LENGTH;
  for (const set of msg.groups) {
    writeEncodedGroup(buf, offset, {
      address: set.group,
      maskLength: set.maskLength,
      bidir: set.bidir === true,
      adminScope: set.adminScope === true,
    });
    buf.writeUInt16BE(set.joins.length, offset + ENCODED_GROUP_LENGTH);
    buf.writeUInt16BE(set.prunes.length, offset + ENCODED_GROUP_LENGTH + 2);
    offset += GROUP_HEADER_LENGTH;
    for (const source of [...set.joins, ...set.prunes]) {
      writeEncodedSource(buf, offset, source);
      offset += ENCODED_SOURCE_LENGTH;
    }
  }
  return sealPimChecksum(buf);
}
