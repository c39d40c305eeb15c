/** IGMP messages as protocol logic sees them (RFC 2236, RFC 3376 §4). Addresses are dotted quads. */

/** RFC 3376 §4.2.12 group record types, in the order of their type values 1 to 6. */
export const GROUP_RECORD_TYPES = [
  'MODE_IS_INCLUDE',
  'MODE_IS_EXCLUDE',
  'CHANGE_TO_INCLUDE_MODE',
  'CHANGE_TO_EXCLUDE_MODE',
  'ALLOW_NEW_SOURCES',
  'BLOCK_OLD_SOURCES',
] as const;

export type GroupRecordType = (typeof GROUP_RECORD_TYPES)[number];

export interface GroupRecord {
  type: GroupRecordType;
  group: string;
  sources: string[];
}

/**
 * A membership query. The version follows RFC 3376 §7.1: 8 bytes with max resp time 0 is v1,
 * 8 bytes otherwise v2, 12 bytes or more v3. `group` is 0.0.0.0 for a general query.
 */
export interface MembershipQuery {
  type: 'query';
  version: 1 | 2 | 3;
  group: string;
  /** Max response time in milliseconds (decoded from the code, v3 floating point included). */
  maxRespTimeMs: number;
  /** v3 only: suppress router-side processing, querier's robustness variable, query interval (s). */
  sFlag?: boolean;
  qrv?: number;
  qqicSeconds?: number;
  sources?: string[];
}

export interface V1Report {
  type: 'v1-report';
  group: string;
}

export interface V2Report {
  type: 'v2-report';
  group: string;
}

export interface V2Leave {
  type: 'v2-leave';
  group: string;
}

export interface V3Report {
  type: 'v3-report';
  records: GroupRecord[];
}

export type IgmpMessage = MembershipQuery | V1Report | V2Report | V2Leave | V3Report;

/** What a decoder returns instead of throwing: the input is not a valid message of that kind. */
export interface DecodeError {
  error: string;
}
