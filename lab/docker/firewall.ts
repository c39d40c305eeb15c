import { execa } from 'execa';

/**
 * Docker's isolation rules drop bridged multicast while bridge-nf-call-iptables is on, even inside one
 * network. Each lab bridge gets an ACCEPT in DOCKER-USER, tagged with a comment naming the lab so
 * destroy can find and remove exactly its own rules.
 */
const CHAIN = 'DOCKER-USER';
const tag = (lab: string) => `mcast-lab:${lab}`;

export async function acceptBridged(lab: string, bridge: string): Promise<void> {
  await iptables([
    '-I',
    CHAIN,
    '-i',
    bridge,
    '-o',
    bridge,
    '-m',
    'comment',
    '--comment',
    tag(lab),
    '-j',
    'ACCEPT',
  ]);
}

/** Removes the rules of one lab, or of every lab when `lab` is undefined; returns how many were removed. */
export async function removeLabRules(lab?: string): Promise<number> {
  const listing = await execa('iptables', ['-w', '-S', CHAIN], { reject: false });
  if (listing.exitCode !== 0) return 0; // no chain: Docker never set up its rules, so none of ours exist
  const ours = listing.stdout
    .split('\n')
    .filter((rule) => rule.startsWith(`-A ${CHAIN} `))
    .filter((rule) => {
      const comment = /--comment "?(mcast-lab:[^" ]+)"?/.exec(rule)?.[1];
      return comment !== undefined && (lab === undefined || comment === tag(lab));
    });
  for (const rule of ours) {
    await iptables(['-D', ...splitRule(rule).slice(1)]);
  }
  return ours.length;
}

async function iptables(args: string[]): Promise<void> {
  const { exitCode, stderr } = await execa('iptables', ['-w', ...args], { reject: false });
  if (exitCode !== 0) throw new Error(`iptables ${args.join(' ')}: ${stderr.trim()}`);
}

/** Splits an `iptables -S` line into arguments, honouring double quotes around comments. */
function splitRule(rule: string): string[] {
  return [...rule.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}
