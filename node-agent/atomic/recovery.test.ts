import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

import { checkViewSynchrony } from '../check/view-synchrony.js';
import { openFileStore } from '../store/file-store.js';
import { messageIds, messagesOf, showLog } from '../testing/atomic-fixtures.js';
import { AtomicSim, type AtomicSimSetup } from '../testing/atomic-sim.js';

/** Seeded simulations: quick, but give a busy machine room. */
vi.setConfig({ testTimeout: 30_000 });

const lossy = { loss: 0.05, duplicate: 0.03, reorder: 0.2, jitterMs: 6 };

/** Everyone sends `n` messages, paced, while the run goes on. */
function traffic(sim: AtomicSim, ids: readonly string[], n: number, tag: string): void {
  for (const id of ids) {
    for (let i = 0; i < n; i++) {
      sim.clock.setTimer(i * 15, () => {
        if (sim.isAlive(id))
          void sim
            .member(id)
            .sendWhenReady(Buffer.from(`${id} ${tag} ${i}`))
            .catch(() => {});
      });
    }
  }
}

/** Runs, letting promise callbacks (sendWhenReady loops) go between steps. */
async function settle(sim: AtomicSim, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 20) {
    sim.run(20);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Crash h2 mid-traffic, let the others go on, restart it on its store; it must end with every message once. */
async function crashAndRestart(setup: AtomicSimSetup, downMs: number): Promise<AtomicSim> {
  const sim = new AtomicSim(setup);
  expect(sim.joinAll()).toBe(true);
  traffic(sim, sim.ids, 6, 'before');
  await settle(sim, 40);
  sim.crash('h2');
  const others = sim.ids.filter((id) => id !== 'h2');
  traffic(sim, others, 6, 'while down');
  await settle(sim, downMs);
  const restarted = sim.restart('h2');
  expect(restarted.recovered().length).toBeGreaterThan(0);
  await settle(sim, 200);
  traffic(sim, sim.ids, 4, 'after');
  await settle(sim, 6_000);
  expect(sim.settled(sim.ids)).toBe(true);
  sim.stopAll();
  const everything = new Set(others.flatMap((id) => messageIds(sim.logs[id] ?? [])));
  const h2 = messageIds(sim.logs.h2 ?? []);
  const dump = sim.ids.map((id) => `${id}: ${showLog(sim.logs[id] ?? [])}`).join('\n');
  expect(new Set(h2).size, `duplicates at h2\n${dump}`).toBe(h2.length);
  expect(
    [...everything].filter((m) => !h2.includes(m)),
    `lost at h2\n${dump}`,
  ).toEqual([]);
  expect(messagesOf(sim.logs.h2 ?? []).some((r) => r.catchUp)).toBe(true);
  expect(checkViewSynchrony(sim.logs), dump).toEqual([]);
  if (process.env.DUMP) console.log(dump);
  return sim;
}

describe('crash recovery from the persistent store', () => {
  it.each([
    ['merge', false],
    ['primary', false],
    ['merge', true],
  ] as const)(
    '%s mode, uniform %s: a restarted member catches up with no loss and no duplicate',
    async (mode, uniform) => {
      for (const seed of [1, 2, 3]) {
        await crashAndRestart({ seed, members: 5, partitionMode: mode, uniform, impairments: lossy }, 2_500);
      }
    },
  );

  it('restarting before the crash is noticed replaces the old incarnation in one view change', async () => {
    const sim = await crashAndRestart({ seed: 9, members: 5, impairments: lossy }, 100);
    const h1Views = (sim.logs.h1 ?? []).filter((e) => 'type' in e && e.type === 'view');
    expect(h1Views.length).toBeGreaterThanOrEqual(3);
  });

  it('works the same on real files (one append-only file per member)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    try {
      const sim = await crashAndRestart(
        { seed: 4, members: 4, impairments: lossy, openStore: (id) => openFileStore(join(dir, `${id}.log`)) },
        2_500,
      );
      const reread = openFileStore(join(dir, 'h2.log'));
      const delivered = reread.records().filter((r) => r.type === 'delivery').length;
      expect(delivered).toBe(messagesOf(sim.logs.h2 ?? []).length);
      reread.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
