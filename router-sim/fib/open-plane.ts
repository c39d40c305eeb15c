import type { Clock } from '../../common/clock.js';
import type { ForwardingChoice, ForwardingPlaneKind } from '../../common/node-config.js';
import type { ForwardingPlane } from './forwarding-plane.js';
import { KernelPlane } from './kernel-plane.js';
import { NftPlane } from './nft-plane.js';

/** What a kernel forwarding plane reports besides upcalls: IGMP packets for the queriers, and errors. */
export interface PlanePorts {
  clock: Clock;
  onIgmpPacket: (packet: Buffer) => void;
  onError: (error: Error) => void;
}

/** A plane of the Linux kernel, as opposed to the simulator's. */
export type KernelForwardingPlane = ForwardingPlane & { readonly kind: ForwardingPlaneKind };

/**
 * Opens the forwarding plane the topology asks for: `auto` takes the mroute API where the kernel has
 * it and nftables otherwise; a forced plane that cannot run here fails, naming what the kernel lacks.
 */
export async function openForwardingPlane(
  choice: ForwardingChoice,
  ports: PlanePorts,
): Promise<KernelForwardingPlane> {
  if (choice !== 'nftables') {
    try {
      return new KernelPlane(ports.onIgmpPacket, ports.onError);
    } catch (error) {
      if (choice === 'kernel-mroute' || !lacksMulticastRouting(error))
        throw new Error(
          `forwarding: kernel-mroute cannot run: ${(error as Error).message} at MRT_INIT` +
            (lacksMulticastRouting(error)
              ? ' — this kernel has no multicast routing (CONFIG_IP_MROUTE is not set); use forwarding: nftables or auto'
              : ''),
        );
    }
  }
  try {
    return await NftPlane.open(ports.clock, ports.onIgmpPacket, ports.onError);
  } catch (error) {
    throw new Error(
      `forwarding: nftables cannot run: ${(error as Error).message} — it needs nf_tables with netdev ingress hooks, dup to device and NFLOG (CONFIG_NF_TABLES_NETDEV, CONFIG_NETFILTER_INGRESS, CONFIG_NF_DUP_NETDEV, CONFIG_NETFILTER_NETLINK_LOG), and the nft and tcpdump tools`,
    );
  }
}

/** MRT_INIT fails with ENOPROTOOPT where the kernel is built without CONFIG_IP_MROUTE. */
const lacksMulticastRouting = (error: unknown) =>
  /Protocol not available|ENOPROTOOPT/.test((error as Error).message ?? '');
