import { procAddress } from '../io/proc-address.js';
import type { MrouteCounters, VifCounters } from './forwarding-plane.js';

/** Parsers for the kernel's multicast routing counters. */

/** `/proc/net/ip_mr_cache`: Group Origin Iif Pkts Bytes Wrong Oifs(vif:ttl …). */
export function parseMrCache(text: string): MrouteCounters[] {
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 6 && f[0] !== '')
    .map(([group = '', origin = '', iif = '', packets = '', bytes = '', wrong = '', ...oifs]) => ({
      source: procAddress(origin),
      group: procAddress(group),
      iif: Number(iif),
      oifs: oifs.map((o) => Number(o.split(':')[0])),
      packets: Number(packets),
      bytes: Number(bytes),
      wrongIf: Number(wrong),
    }));
}

/** `/proc/net/ip_mr_vif`: Interface BytesIn PktsIn BytesOut PktsOut Flags Local Remote, prefixed by the index. */
export function parseMrVif(text: string): VifCounters[] {
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 6 && f[0] !== '')
    .map(([index = '', name = '', bytesIn = '', packetsIn = '', bytesOut = '', packetsOut = '']) => ({
      index: Number(index),
      name,
      bytesIn: Number(bytesIn),
      packetsIn: Number(packetsIn),
      bytesOut: Number(bytesOut),
      packetsOut: Number(packetsOut),
    }));
}
