import { createHash } from 'node:crypto';
import { execa } from 'execa';

/**
 * One nftables table per lab, in the bridge family, holding what the lab does to frames crossing its
 * bridges (impairments, partitions). Rules carry a comment saying what they are for, so that they can
 * be replaced or removed by purpose; destroy deletes the whole table.
 */
const TABLE_PREFIX = 'mcast_lab_';

/** nft identifiers take no "-": keep the lab name readable and add a hash so `a-b` and `a_b` differ. */
export const labTable = (lab: string) =>
  `${TABLE_PREFIX}${lab.replace(/-/g, '_')}_${createHash('sha256').update(lab).digest('hex').slice(0, 6)}`;

export interface NftRule {
  handle: number;
  comment: string;
  /** The rule's counter, if it has one. */
  counter?: { packets: number; bytes: number };
}

/** A rule as `nft -j` lists it (the parts read here). */
interface JsonRule {
  handle: number;
  comment?: string;
  expr?: { counter?: { packets: number; bytes: number } }[];
}

/** Runs an nft script (`nft -f -`): all of it applies or none of it does. */
export async function nftScript(lines: string[]): Promise<void> {
  const { exitCode, stderr } = await execa('nft', ['-f', '-'], {
    input: `${lines.join('\n')}\n`,
    reject: false,
  });
  if (exitCode !== 0) throw new Error(`nft: ${stderr.trim()}`);
}

/** Creates the lab's table and a base chain on a bridge hook, if they are not there yet. */
export async function ensureChain(
  lab: string,
  chain: string,
  priority: number,
  hook: 'forward' | 'prerouting' = 'forward',
): Promise<void> {
  const table = labTable(lab);
  await nftScript([
    `add table bridge ${table}`,
    `add chain bridge ${table} ${chain} { type filter hook ${hook} priority ${priority}; policy accept; }`,
  ]);
}

/** The rules of one chain with their comments; none when the table or chain does not exist. */
export async function listRules(lab: string, chain: string): Promise<NftRule[]> {
  const { exitCode, stdout } = await execa(
    'nft',
    ['-j', '-a', 'list', 'chain', 'bridge', labTable(lab), chain],
    {
      reject: false,
    },
  );
  if (exitCode !== 0) return [];
  const items = (JSON.parse(stdout) as { nftables: { rule?: JsonRule }[] }).nftables;
  return items.flatMap(({ rule }) => {
    if (!rule) return [];
    const counter = rule.expr?.find((e) => e.counter)?.counter;
    return [{ handle: rule.handle, comment: rule.comment ?? '', ...(counter ? { counter } : {}) }];
  });
}

/** Replaces, in one transaction, the chain's rules whose comment `matches` with `rules` (each ending in a comment). */
export async function replaceRules(
  lab: string,
  chain: string,
  matches: (comment: string) => boolean,
  rules: string[],
): Promise<void> {
  const table = labTable(lab);
  const stale = (await listRules(lab, chain)).filter((rule) => matches(rule.comment));
  await nftScript([
    ...stale.map((rule) => `delete rule bridge ${table} ${chain} handle ${rule.handle}`),
    ...rules.map((rule) => `add rule bridge ${table} ${chain} ${rule}`),
  ]);
}

/** Deletes the table of one lab, or of every lab; returns how many tables were deleted. */
export async function deleteLabTables(lab?: string): Promise<number> {
  const { exitCode, stdout } = await execa('nft', ['-j', 'list', 'tables', 'bridge'], { reject: false });
  if (exitCode !== 0) return 0;
  const names = (JSON.parse(stdout) as { nftables: { table?: { name: string } }[] }).nftables
    .flatMap(({ table }) => (table ? [table.name] : []))
    .filter((name) => (lab === undefined ? name.startsWith(TABLE_PREFIX) : name === labTable(lab)));
  if (names.length > 0) await nftScript(names.map((name) => `delete table bridge ${name}`));
  return names.length;
}
