import { describe, expect, it } from 'vitest';
import type { MrouteView, PimStateView } from '../../common/router-views.js';
import { mcastLab } from '../../lab/testing/cli.js';
import { pollUntil, received, useLab } from '../../lab/testing/lab-fixture.js';
import { pimNeighborsUp, showMroute } from '../../lab/testing/router-probe.js';
import { pimTimers } from '../pim/common/timers.js';

const GROUP = '239.8.8.8';
const fast = pimTimers('fast');
const entry = (rows: MrouteView[]) => rows.find((r) => r.group === GROUP);
const pimState = async (lab: ReturnType<typeof useLab>, router: string) =>
  (await lab.agent<PimStateView[]>(router, 'show', { view: 'pim-state' })).find((e) => e.group === GROUP);

describe('PIM dense mode on a line of three routers (topologies/line3.yaml)', () => {
  const lab = useLab('topologies/line3.yaml', 'line3');
  const iface = (router: string, network: string) =>
    lab.node(router).interfaces.find((i) => i.network === network)?.name ?? '';
  // A steady stream from h1 for the whole file; it ends when the lab is destroyed.
  const stream = () =>
    lab.agent('h1', 'send', { group: GROUP, count: 100_000, size: 100, rate: 50 }, 3_600_000).catch(() => {});

  it('floods the first packets down every router link, then prunes branches without members', async () => {
    // Every router knows its PIM neighbors before the first packet, or it would not flood to them.
    await pimNeighborsUp(lab);
    const started = performance.now();
    void stream();
    // Flooding: the stream reaches r3, at the end of the line, though nobody there wants it.
    const atR3 = await pollUntil(
      () => showMroute(lab, 'r3'),
      (rows) => (entry(rows)?.packets ?? 0) > 0,
      { what: `r3 to count ${GROUP} (the first flood)`, timeoutMs: 5_000, intervalMs: 5, lastSeen: entry },
    );
    const firstPacketMs = performance.now() - started;
    expect(entry(atR3)?.packets).toBeGreaterThan(0);
    // r3 has no member and prunes; r2, left with none either, prunes toward r1; r1 stops forwarding.
    const link12 = iface('r1', 'link12');
    const r1State = await pollUntil(
      () => pimState(lab, 'r1'),
      (state) => state?.downstream.find((d) => d.interface === link12)?.pruneState === 'Pruned',
      { what: `r1 to prune link12 (${link12}) for ${GROUP}`, timeoutMs: 10_000, intervalMs: 5 },
    );
    const prunedMs = performance.now() - started;
    expect(r1State?.oifs).toEqual([]);
    expect((await pimState(lab, 'r2'))?.upstream.state).toBe('Pruned');
    expect(entry(await showMroute(lab, 'r1'))?.oifs).toEqual([]);
    // Quiet while pruned: r3's count stops growing for a whole second (a rare extra burst right after
    // the first prune has been seen under load; it must still die down at once).
    const r3Packets = () => showMroute(lab, 'r3').then((rows) => entry(rows)?.packets ?? 0);
    const quiet = await pollUntil(
      async () => {
        const before = await r3Packets();
        await new Promise((r) => setTimeout(r, 1_000));
        return (await r3Packets()) === before;
      },
      (still) => still,
      { what: "r3's count of the stream to stand still for a whole second", timeoutMs: 5_000 },
    );
    expect(quiet).toBe(true);
    // The same story in r2's protocol events: the Prune it heard from r3 and the one it sent to r1.
    const { stdout } = await mcastLab('router', 'r2', 'events', '--lab', lab.name);
    expect(stdout).toMatch(
      new RegExp(`r2 pim \\S+ from \\S+: --join-prune heard--> prune \\(\\S+,${GROUP}\\)`),
    );
    expect(stdout).toMatch(
      new RegExp(`r2 pim \\S+ to 224\\.0\\.0\\.13: --join-prune sent--> prune \\(\\S+,${GROUP}\\)`),
    );
    console.info(
      `dense: r3 counted the stream after ${firstPacketMs.toFixed(0)} ms, pruned back to r1 after ${prunedMs.toFixed(0)} ms`,
    );
  });

  it('grafts a pruned branch back when a host there joins', async () => {
    const joined = performance.now();
    await lab.agent('h3', 'join', { group: GROUP });
    const got = await pollUntil(
      () => received(lab, 'h3', GROUP),
      (n) => n > 0,
      { what: `h3's first datagram of ${GROUP} after joining (Graft)`, timeoutMs: 5_000, intervalMs: 5 },
    );
    const graftMs = performance.now() - joined;
    console.info(`dense: h3 join → first packet through r1, r2, r3 after ${graftMs.toFixed(0)} ms`);
    expect(got).toBeGreaterThan(0);
    expect(graftMs).toBeLessThan(fast.graftRetryPeriod * 3);
    expect(entry(await showMroute(lab, 'r2'))?.oifs).toEqual([iface('r2', 'link23')]);
    // lan2 has no member and no PIM neighbor: it never carries the stream.
    expect(entry(await showMroute(lab, 'r2'))?.oifs).not.toContain(iface('r2', 'lan2'));
  });

  it('refloods a pruned branch when the prune holdtime runs out, then prunes it again', async () => {
    await lab.agent('h3', 'leave', { group: GROUP });
    const pruned = await pollUntil(
      () => showMroute(lab, 'r2'),
      (rows) => entry(rows)?.oifs.length === 0,
      { what: `r2's ${GROUP} entry to lose its oifs after h3 left`, timeoutMs: 10_000, lastSeen: entry },
    );
    expect(entry(pruned)?.oifs).toEqual([]);
    const quietAt = performance.now();
    const before = entry(await showMroute(lab, 'r3'))?.packets ?? 0;
    // PruneHoldTime (fast profile) later, r1 floods again and r3 sees the stream, then prunes it.
    const reflooded = await pollUntil(
      () => showMroute(lab, 'r3'),
      (rows) => (entry(rows)?.packets ?? 0) > before,
      {
        what: `r3 to count ${GROUP} again: the reflood after PruneHoldTime (${fast.pruneHoldtimeSeconds} s)`,
        timeoutMs: fast.pruneHoldtimeSeconds * 1000 + 10_000,
        lastSeen: entry,
      },
    );
    const refloodMs = performance.now() - quietAt;
    console.info(
      `dense: reflood ${refloodMs.toFixed(0)} ms after the prune (PruneHoldTime ${fast.pruneHoldtimeSeconds} s)`,
    );
    expect(entry(reflooded)?.packets).toBeGreaterThan(before);
    expect(refloodMs).toBeGreaterThan(fast.pruneHoldtimeSeconds * 1000 * 0.5);
    const again = await pollUntil(
      () => showMroute(lab, 'r1'),
      (rows) => entry(rows)?.oifs.length === 0,
      {
        what: `r1's ${GROUP} entry to lose its oifs again after the reflood`,
        timeoutMs: 10_000,
        lastSeen: entry,
      },
    );
    expect(entry(again)?.oifs).toEqual([]);
  });
});
