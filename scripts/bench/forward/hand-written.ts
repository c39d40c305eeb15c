import type { Lab } from './labs.js';
import { GROUP, TTL } from './traffic.js';

/** The minimal forwarding rule, written by hand in r1: what router-sim's nftables plane can at best be. */

const HAND_TABLE = 'bench_forward';

/** A netdev ingress rule on lan1 that copies (h1, GROUP) to lan2 as a router would. */
async function handWrittenRuleset(lab: Lab): Promise<string> {
  const lan1 = lab.r1If('lan1');
  const lan2 = lab.r1If('lan2');
  const [link] = JSON.parse(await lab.netns('r1', ['ip', '-j', 'link', 'show', 'dev', lan2])) as {
    address: string;
  }[];
  if (!link) throw new Error(`r1 has no link ${lan2}`);
  const t = `netdev ${HAND_TABLE}`;
  return [
    `add table ${t}`,
    `delete table ${t}`,
    `add table ${t}`,
    `add chain ${t} in { type filter hook ingress device "${lan1}" priority 0; policy accept; }`,
    `add rule ${t} in ip saddr ${lab.client.address('h1')} ip daddr ${GROUP} ip ttl ${TTL} ` +
      `ip ttl set ${TTL - 1} ether saddr set ${link.address} counter dup to "${lan2}" drop`,
    '',
  ].join('\n');
}

async function handWrittenCounter(lab: Lab): Promise<number> {
  const listing = JSON.parse(await lab.netns('r1', ['nft', '-j', 'list', 'table', 'netdev', HAND_TABLE])) as {
    nftables: { rule?: { expr: { counter?: { packets: number } }[] } }[];
  };
  return listing.nftables
    .flatMap((o) => o.rule?.expr ?? [])
    .reduce((n, e) => n + (e.counter?.packets ?? 0), 0);
}

/** Installs the rule in r1 (replacing an earlier one). */
export async function installHandWritten(lab: Lab): Promise<void> {
  await lab.netns('r1', ['nft', '-f', '-'], await handWrittenRuleset(lab));
}

/** Removes the rule from r1; returns the packets it had matched. */
export async function removeHandWritten(lab: Lab): Promise<number> {
  const packets = await handWrittenCounter(lab);
  await lab.netns('r1', ['nft', 'delete', 'table', 'netdev', HAND_TABLE]);
  return packets;
}
