import { pollUntil } from '../../../common/poll.js';
import type { IgmpInterfaceView, MrouteView } from '../../../common/router-views.js';
import { received, settled } from './counters.js';
import { installHandWritten, removeHandWritten } from './hand-written.js';
import type { BenchLabs, Lab } from './labs.js';
import { startSmcroute } from './smcroute.js';
import { snoopAsWithRouterSim } from './snooping.js';
import { GROUP, LAN_GROUP, TTL } from './traffic.js';

/** The configurations whose throughput the bench compares, and how each is made to forward. */

export const ROUTER_SIM_NFT = 'router-sim (nftables)';
export const HAND_WRITTEN = 'hand-written nftables';
export const SAME_LAN = 'same LAN, no routing';
export const ROUTER_SIM_MROUTE = 'router-sim (kernel-mroute)';
export const SMCROUTE = 'smcroute';

const PRIME_COUNT = 5;

export interface Configuration {
  name: string;
  /** Why the configuration cannot run here; then it has no lab. */
  skipped?: string;
  lab?: Lab;
  receiver: string;
  group: string;
  /** Whether r1 forwards the traffic (its lan1 in and lan2 out counters are then reported). */
  routed: boolean;
  /** Before each round's runs: make the path forward (and check it does). */
  setUp?: (lab: Lab, config: Configuration) => Promise<void>;
  tearDown?: (lab: Lab) => Promise<void>;
}

/** h1 (lan1) → r1 → h3 (lan2). */
const THROUGH_R1 = { receiver: 'h3', group: GROUP, routed: true };

/** A few datagrams through the configuration's path, again and again, until the receiver gets them. */
async function prime(config: Configuration, lab: Lab) {
  const { receiver, group } = config;
  const before = await received(lab, receiver, group);
  await pollUntil(
    async () => {
      await lab.client.agent('h1', 'send', { group, count: PRIME_COUNT, size: 64, ttl: TTL });
      return received(lab, receiver, group);
    },
    (n) => n > before,
    { what: `${receiver} to receive ${group} (${config.name})`, timeoutMs: 15_000, intervalMs: 300 },
  );
  await settled(() => received(lab, receiver, group), { what: `${receiver} to settle`, timeoutMs: 10_000 });
}

/** router-sim's (h1, GROUP) entry forwarding to lan2. */
async function routerSimForwards(lab: Lab, config: Configuration) {
  const lan2 = lab.r1If('lan2');
  const source = lab.client.address('h1');
  await pollUntil(
    () => lab.client.agent<IgmpInterfaceView[]>('r1', 'show', { view: 'igmp' }),
    (views) => views.some((v) => v.interface === lan2 && v.groups.some((g) => g.group === GROUP)),
    { what: `r1 to learn that h3 joined ${GROUP}`, timeoutMs: 10_000, intervalMs: 20 },
  );
  await prime(config, lab);
  await pollUntil(
    () => lab.client.agent<MrouteView[]>('r1', 'show', { view: 'mroute' }),
    (routes) => routes.some((r) => r.source === source && r.group === GROUP && r.oifs.includes(lan2)),
    { what: `r1's (${source}, ${GROUP}) entry with oif ${lan2}`, timeoutMs: 10_000, intervalMs: 20 },
  );
}

/**
 * Joins the receivers and readies the bare lab's bridges, then lists the configurations, in the order
 * of the report. `handCounters` gets the hand-written rule's packet counter at the end of each round.
 */
export async function configurations(
  { nft, bare, mroute }: BenchLabs,
  missing: { mroute: string | undefined; smcroute: string | undefined },
): Promise<{ configs: Configuration[]; handCounters: number[] }> {
  await nft.client.agent('h3', 'join', { group: GROUP });
  await bare.client.agent('h3', 'join', { group: GROUP });
  await bare.client.agent('h2', 'join', { group: LAN_GROUP });
  await snoopAsWithRouterSim(bare);
  await mroute?.client.agent('h3', 'join', { group: GROUP });

  const handCounters: number[] = [];
  let stopSmcroute: (() => Promise<void>) | undefined;
  const configs: Configuration[] = [
    { name: ROUTER_SIM_NFT, lab: nft, ...THROUGH_R1, setUp: routerSimForwards },
    {
      name: HAND_WRITTEN,
      lab: bare,
      ...THROUGH_R1,
      setUp: async (lab, config) => {
        await installHandWritten(lab);
        await prime(config, lab);
      },
      tearDown: async (lab) => {
        handCounters.push(await removeHandWritten(lab));
      },
    },
    { name: SAME_LAN, lab: bare, receiver: 'h2', group: LAN_GROUP, routed: false },
    mroute
      ? { name: ROUTER_SIM_MROUTE, lab: mroute, ...THROUGH_R1, setUp: routerSimForwards }
      : { name: ROUTER_SIM_MROUTE, skipped: missing.mroute, ...THROUGH_R1 },
    missing.smcroute
      ? { name: SMCROUTE, skipped: missing.smcroute, ...THROUGH_R1 }
      : {
          name: SMCROUTE,
          lab: bare,
          ...THROUGH_R1,
          setUp: async (lab, config) => {
            stopSmcroute = await startSmcroute(lab);
            await prime(config, lab);
          },
          tearDown: async () => {
            await stopSmcroute?.();
            stopSmcroute = undefined;
          },
        },
  ];
  return { configs, handCounters };
}
