import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SparseStateListView } from '../../common/router-views.js';
import type { LinkCounter } from '../../lab/docker/link-accounting.js';
import { startCapture } from '../../lab/testing/capture.js';
import { mcastLabJson } from '../../lab/testing/cli.js';
import { pollUntil, received, useLab } from '../../lab/testing/lab-fixture.js';
import { groupListed, pimNeighborsUp, showMroute } from '../../lab/testing/router-probe.js';

const WANTED = '239.10.0.1';
const UNWANTED = '239.10.0.2';
const TTL = 16;

// The default topology, h1 (lan1) → r1 → core → r2 → h4 (lan3), in each PIM mode, on whatever
// forwarding plane the kernel allows.
for (const pim of ['dense', 'sparse'] as const) {
  const file = join(tmpdir(), `mcast-lab-two-hops-${pim}.yaml`);
  await writeFile(
    file,
    (await readFile('topologies/default.yaml', 'utf8')).replace('pim: none', `pim: ${pim}`),
  );

  describe(`default topology, PIM ${pim} mode: a stream across two routers`, () => {
    const lab = useLab(file, `twohops-${pim}`);
    const bridge = (network: string) => lab.inspection.networks.find((n) => n.name === network)?.bridge ?? '';
    const dataOn = async (network: string) =>
      (await mcastLabJson<{ counters: LinkCounter[] }>('traffic', '--lab', lab.name)).counters.find(
        (c) => c.network === network && c.class === 'data',
      )?.packets ?? 0;

    it('reaches a member on lan3 with the TTL lowered by one per router, on the wire', async () => {
      await pimNeighborsUp(lab);
      await lab.agent('h4', 'join', { group: WANTED });
      await groupListed(lab, 'r2', 'lan3', WANTED);
      if (pim === 'sparse') await rpTreeReaches(lab, 'r2', WANTED);
      const core = await startCapture(['-i', bridge('core'), '-c', '3', 'udp and dst', WANTED]);
      const lan3 = await startCapture(['-i', bridge('lan3'), '-c', '3', 'udp and dst', WANTED]);
      await lab.agent('h1', 'send', { group: WANTED, count: 20, size: 100, rate: 100, ttl: TTL });
      const got = await pollUntil(
        async () => ({
          received: await received(lab, 'h4', WANTED),
          r1: await showMroute(lab, 'r1'),
          r2: await showMroute(lab, 'r2'),
        }),
        (seen) => seen.received >= 18,
        { what: `h4 to receive h1's stream of ${WANTED} across r1 and r2 (with both routers' entries)` },
      );
      expect(got.received).toBeGreaterThanOrEqual(18);
      expect(await core.stop()).toMatch(new RegExp(`ttl ${TTL - 1},`));
      const onLan3 = await lan3.stop();
      expect(onLan3).toMatch(new RegExp(`ttl ${TTL - 2},`));
      expect(onLan3).not.toMatch(new RegExp(`ttl (${TTL}|${TTL - 1}),`));
      const [r2Entry] = (await showMroute(lab, 'r2')).filter((r) => r.group === WANTED);
      expect(r2Entry?.packets).toBeGreaterThanOrEqual(18);
    });

    it('carries no data on a network with no member behind it, after the prune', async () => {
      const lan2Before = await dataOn('lan2');
      // A stream nobody wants, running through the test.
      const stream = lab.agent('h1', 'send', { group: UNWANTED, count: 600, size: 100, rate: 100, ttl: TTL });
      await pollUntil(
        () => showMroute(lab, 'r1'),
        (rows) => rows.some((r) => r.group === UNWANTED && r.packets > 0),
        { what: `r1 to forward or hold an entry for ${UNWANTED}` },
      );
      // Core falls quiet for a whole second while h1 still sends: r2 pruned (dense) or never joined (sparse).
      const quiet = await pollUntil(
        async () => {
          const before = await dataOn('core');
          const r1Before = (await showMroute(lab, 'r1')).find((r) => r.group === UNWANTED)?.packets ?? 0;
          await new Promise((r) => setTimeout(r, 1_000));
          const r1After = (await showMroute(lab, 'r1')).find((r) => r.group === UNWANTED)?.packets ?? 0;
          return { coreGrew: (await dataOn('core')) - before, sourceSent: r1After - r1Before };
        },
        (s) => s.coreGrew === 0 && s.sourceSent > 50,
        { what: `core to carry none of ${UNWANTED} for a second while h1 sends it`, timeoutMs: 5_000 },
      );
      expect(quiet.coreGrew).toBe(0);
      expect(await dataOn('lan2'), 'lan2 has no member').toBe(lan2Before);
      expect(await received(lab, 'h4', UNWANTED)).toBe(0);
      await stream;
    });
  });
}

/**
 * Sparse mode: the last-hop router's (*,G) is on the RP tree — it is the RP, or it joined toward it —
 * so the source's first packets, registered to the RP, find their way down.
 */
const rpTreeReaches = (lab: ReturnType<typeof useLab>, router: string, group: string) =>
  pollUntil(
    () => lab.agent<SparseStateListView>(router, 'show', { view: 'pim-state' }),
    ({ entries }) =>
      entries.some(
        (e) =>
          e.kind === '(*,G)' &&
          e.group === group &&
          e.olist.length > 0 &&
          (e.upstream === 'Joined' || lab.node(router).interfaces.some((i) => i.address === e.rp)),
      ),
    { what: `${router}'s (*,G) of ${group} on the RP tree`, lastSeen: ({ entries }) => entries },
  );
