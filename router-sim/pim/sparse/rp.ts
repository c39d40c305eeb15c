import { parseIpv4Address } from '../../wire/ipv4/address.js';
import { compareAddresses } from '../common/address.js';

/** A static RP for the groups `group`/`maskLength`. */
export interface RpMapping {
  address: string;
  group: string;
  maskLength: number;
}

function inRange(group: number, range: number, maskLength: number): boolean {
  if (maskLength <= 0) return true;
  const shift = 32 - Math.min(32, maskLength);
  return group >>> shift === range >>> shift;
}

/**
 * RP(G) from static mappings, by RFC 7761 §4.7.1's Group-to-RP Mapping: the longest matching group
 * range (step 1), then the highest RP address (step 4). Static mappings carry no priority (step 2), and
 * the hash of step 3 spreads groups over the RPs a BSR announces with one hash mask: without one it
 * is left out, so that every router picks the same RP from the same configuration by address alone.
 */
export function rpFor(mappings: readonly RpMapping[], group: string): string | undefined {
  const g = parseIpv4Address(group);
  if (g === undefined) return undefined;
  let best: RpMapping | undefined;
  for (const mapping of mappings) {
    const range = parseIpv4Address(mapping.group);
    if (range === undefined || !inRange(g, range, mapping.maskLength)) continue;
    if (
      !best ||
      mapping.maskLength > best.maskLength ||
      (mapping.maskLength === best.maskLength && compareAddresses(mapping.address, best.address) > 0)
    )
      best = mapping;
  }
  return best?.address;
}
