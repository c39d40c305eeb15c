// What a plain Python receiver in a lab node gets of a stream from another subnet, and what it loses
// when its link drops 30 % of the frames.
import { execFileSync } from 'node:child_process';
import { useLab } from 'mcast-lab/vitest';
import { beforeAll, expect, it } from 'vitest';

// The receiver's image, built from this machine's python3 (no registry needed).
execFileSync('bash', [new URL('build-image.sh', import.meta.url).pathname]);
const lab = useLab(new URL('topology.yaml', import.meta.url).pathname);

const GROUP = '239.2.2.2';
/** What receiver.py printed for a datagram of `size` bytes. */
const received = async (size: number) =>
  (await lab.output('rx')).split('\n').filter((line) => line.endsWith(`: ${size} bytes`)).length;

/**
 * A datagram of its own size after a burst (the agent's datagrams are at least 40 bytes, its header):
 * once it is printed, the burst has arrived or is lost.
 */
async function sendThenMark(count: number, size: number, marker: number): Promise<number> {
  await lab.agent('tx').send(`${GROUP}:6000`, { count, size, rate: 500 });
  await lab.agent('tx').send(`${GROUP}:6000`, { count: 1, size: marker });
  await lab.waitFor(() => received(marker), {
    until: (n) => n === 1,
    what: `rx to print the ${marker}-byte marker`,
  });
  return received(size);
}

beforeAll(async () => {
  await lab.waitFor(() => lab.output('rx'), {
    until: (output) => output.includes('listening'),
    what: 'rx to listen',
  });
  await lab.waitFor(() => lab.router('r1').show('igmp'), {
    until: (interfaces) =>
      interfaces.some((i) => i.network === 'lan2' && i.groups.some((g) => g.group === GROUP)),
    what: `r1 to know rx's membership of ${GROUP}`,
  });
});

it('receives every datagram from the other subnet', async () => {
  expect(await sendThenMark(100, 1000, 100)).toBe(100);
});

it('loses about 30 % of them when its link drops 30 % of the frames', async () => {
  await lab.impair('lan2', { loss: 30 });
  await lab.agent('tx').send(`${GROUP}:6000`, { count: 200, size: 900, rate: 500 });
  await lab.impair('lan2', { loss: 0 });
  await lab.agent('tx').send(`${GROUP}:6000`, { count: 1, size: 101 });
  await lab.waitFor(() => received(101), { until: (n) => n === 1, what: 'rx to print the 101-byte marker' });
  const got = await received(900);
  // 140 expected; ±40 is more than six standard deviations of a fair 30 % coin.
  expect(got).toBeGreaterThan(100);
  expect(got).toBeLessThan(180);
});
