import { readFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import type { NodeConfig } from '../../common/node-config.js';
import { parseIpv4Address } from '../wire/ipv4/address.js';

/** A router interface as the daemon drives it: kernel name and index, its VIF number, its subnet. */
export interface Link {
  vif: number;
  name: string;
  ifindex: number;
  network: string;
  address: string;
  prefixLength: number;
}

/**
 * Finds the kernel interface holding each configured address (interface names are whatever the
 * kernel gave when Docker connected the networks). VIF numbers follow the topology's interface order.
 */
export async function discoverLinks(config: NodeConfig): Promise<Link[]> {
  const kernel = Object.entries(networkInterfaces()).flatMap(([name, addresses]) =>
    (addresses ?? []).map((a) => ({ name, address: a.address })),
  );
  return Promise.all(
    config.interfaces.map(async (iface, vif) => {
      const name = kernel.find((k) => k.address === iface.address)?.name;
      if (!name) throw new Error(`no interface holds ${iface.address} (network ${iface.network})`);
      const ifindex = Number(await readFile(`/sys/class/net/${name}/ifindex`, 'utf8'));
      return {
        vif,
        name,
        ifindex,
        network: iface.network,
        address: iface.address,
        prefixLength: iface.prefixLength,
      };
    }),
  );
}

/** The link whose subnet holds `address`: IGMP is link-local, so a sender's address names its LAN. */
export function linkFor(links: readonly Link[], address: string): Link | undefined {
  const value = parseIpv4Address(address) ?? 0;
  return links.find((link) => {
    const size = 2 ** (32 - link.prefixLength);
    return Math.floor(value / size) === Math.floor((parseIpv4Address(link.address) ?? 0) / size);
  });
}

/** Sparse mode's register VIF comes after the links' VIFs; the kernel names its device `pimreg`. */
export const registerVif = (links: readonly Link[]) => links.length;

/** An interface's name by VIF, for views. */
export function vifName(links: readonly Link[], vif: number): string {
  return links[vif]?.name ?? (vif === registerVif(links) ? 'pimreg' : `vif${vif}`);
}
