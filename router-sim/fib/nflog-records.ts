import { type DecodeError, decodeError } from '../wire/decode-error.js';

/**
 * The packets the kernel logs to an NFLOG group, as tcpdump writes them from its `nflog:GROUP`
 * interface: a classic pcap stream (link type NFLOG) whose records hold the netlink attributes of each
 * log message. Only what the forwarding plane needs is kept.
 */
export interface NflogRecord {
  /** The rule's `log prefix`. */
  prefix: string;
  /** The interface the packet arrived on (0 when the kernel did not say). */
  indev: number;
  /** The whole IPv4 packet. */
  packet: Buffer;
}

const PCAP_MAGIC = 0xa1b2c3d4;
const PCAP_HEADER = 24;
const RECORD_HEADER = 16;
const LINKTYPE_NFLOG = 239;
/** NFLOG attribute types (linux/netfilter/nfnetlink_log.h). */
const NFULA_IFINDEX_INDEV = 4;
const NFULA_PAYLOAD = 9;
const NFULA_PREFIX = 10;
/** family, version, resource id */
const NFLOG_HEADER = 4;

/** One NFLOG message: its attributes are TLVs in the capturing host's byte order, padded to 4 bytes. */
export function decodeNflog(data: Buffer): NflogRecord | DecodeError {
  let prefix = '';
  let indev = 0;
  let packet: Buffer | undefined;
  for (let at = NFLOG_HEADER; at + 4 <= data.length; ) {
    const length = data.readUInt16LE(at);
    const type = data.readUInt16LE(at + 2);
    if (length < 4 || at + length > data.length) return decodeError(`NFLOG attribute ${type} overruns`);
    const value = data.subarray(at + 4, at + length);
    if (type === NFULA_PREFIX) prefix = value.toString('latin1').replace(/\0.*$/s, '');
    else if (type === NFULA_IFINDEX_INDEV && value.length === 4) indev = value.readUInt32BE(0);
    else if (type === NFULA_PAYLOAD) packet = value;
    at += (length + 3) & ~3;
  }
  return packet ? { prefix, indev, packet } : decodeError('NFLOG message without a payload');
}

/** Cuts a pcap byte stream into records as it arrives and decodes each as an NFLOG message. */
export class NflogStream {
  private buffered: Buffer = Buffer.alloc(0);
  private headerSeen = false;

  constructor(
    private readonly onRecord: (record: NflogRecord) => void,
    private readonly onError: (message: string) => void,
  ) {}

  push(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    if (!this.headerSeen) {
      if (this.buffered.length < PCAP_HEADER) return;
      const magic = this.buffered.readUInt32LE(0);
      const linkType = this.buffered.readUInt32LE(20);
      if (magic !== PCAP_MAGIC || linkType !== LINKTYPE_NFLOG) {
        this.onError(`not an NFLOG capture (magic ${magic.toString(16)}, link type ${linkType})`);
        return;
      }
      this.buffered = this.buffered.subarray(PCAP_HEADER);
      this.headerSeen = true;
    }
    while (this.buffered.length >= RECORD_HEADER) {
      const length = this.buffered.readUInt32LE(8);
      if (this.buffered.length < RECORD_HEADER + length) return;
      const record = decodeNflog(this.buffered.subarray(RECORD_HEADER, RECORD_HEADER + length));
      this.buffered = this.buffered.subarray(RECORD_HEADER + length);
      if ('error' in record) this.onError(record.error);
      else this.onRecord(record);
    }
  }
}
