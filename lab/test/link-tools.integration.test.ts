import { mkdtempSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { createRuntime } from '../docker/context.js';
import { destroyLabs } from '../docker/destroy.js';
import { labTable } from '../docker/nft-table.js';
import { mcastLab, mcastLabJson } from '../testing/cli.js';
import { pollUntil, received, useLab } from '../testing/lab-fixture.js';

const GROUP = '239.40.0.1';

describe('impair, partition, heal, capture and traffic (topologies/one-router.yaml)', () => {
  const lab = useLab('topologies/one-router.yaml', 'impair');
  const cli = <T = unknown>(...args: string[]) => mcastLabJson<T>(...args, '--lab', lab.name);
  /** Sends `count` datagrams from h1 and returns how many more h2 (lan1) and h3 (lan2) received. */
  const burst = async (count: number) => {
    const before = [await received(lab, 'h2', GROUP), await received(lab, 'h3', GROUP)];
    await lab.agent('h1', 'send', { group: GROUP, count, size: 64, rate: 1_000 }, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    return [
      (await received(lab, 'h2', GROUP)) - (before[0] ?? 0),
      (await received(lab, 'h3', GROUP)) - (before[1] ?? 0),
    ];
  };

  it('delivers everything before any impairment', async () => {
    await lab.agent('h2', 'join', { group: GROUP });
    await lab.agent('h3', 'join', { group: GROUP });
    // r1 forwards to lan2 once its querier has heard h3's report.
    await pollUntil(
      () => burst(10),
      ([, h3]) => h3 === 10,
      { what: 'a burst of 10 from h1 to reach h3 through r1 (counts per burst: [h2, h3])' },
    );
    expect(await burst(200)).toEqual([200, 200]);
  });

  it('drops about the asked share of frames on a lossy network', async () => {
    expect(await cli('impair', 'lan1', '--loss', '20')).toMatchObject({ target: 'lan1', loss: 20 });
    const [h2] = await burst(2_000);
    // 20 % of 2,000 is 400 ± 5 standard deviations (≈ 18 frames each).
    expect(h2).toBeGreaterThan(1_510);
    expect(h2).toBeLessThan(1_690);
    expect(await cli('impair')).toMatchObject({ impairments: [{ target: 'lan1', loss: 20 }] });
    await cli('impair', 'lan1', '--loss', '0');
    expect(await burst(100)).toEqual([100, 100]);
  });

  it('takes a node down and up again', async () => {
    await cli('impair', 'h3', '--down');
    expect(await burst(50)).toEqual([50, 0]);
    await cli('impair', 'h3', '--up');
    expect(await burst(50)).toEqual([50, 50]);
  });

  it('partitions nodes across the router and heals them', async () => {
    await cli('partition', 'h1,h2', '/', 'h3,h4');
    expect(await burst(50)).toEqual([50, 0]);
    expect(await cli('heal')).toMatchObject({
      healed: [
        ['h1', 'h2'],
        ['h3', 'h4'],
      ],
    });
    expect(await burst(50)).toEqual([50, 50]);
  });

  it('captures a network to a pcap file that tcpdump reads back', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'mcast-lab-pcap-')), 'lan2.pcap');
    const capturing = mcastLab(
      'capture',
      'lan2',
      'udp',
      '--out',
      file,
      '--duration',
      '4',
      '--lab',
      lab.name,
      '--json',
    );
    await new Promise<void>((resolve) =>
      capturing.stderr?.on(
        'data',
        (chunk: Buffer) => chunk.toString().includes('listening on lan2') && resolve(),
      ),
    );
    await burst(40);
    expect(JSON.parse((await capturing).stdout)).toMatchObject({ network: 'lan2', file, packets: 40 });
    const { stdout } = await execa('tcpdump', ['-nn', '-r', file]);
    expect(stdout.split('\n').filter((line) => line.includes(`> ${GROUP}.`))).toHaveLength(40);
  });

  it("counts each network's traffic on its bridge, in agreement with the router's own counters", async () => {
    type Counters = { counters: { network: string; class: string; packets: number }[] };
    const count = (c: Counters, network: string, kind: string) =>
      c.counters.find((x) => x.network === network && x.class === kind)?.packets ?? 0;
    const interfaces = await lab.agent<{ network: string; packetsOut: number }[]>('r1', 'show', {
      view: 'interfaces',
    });
    const traffic = await cli<Counters>('traffic');
    const forwardedToLan2 = interfaces.find((i) => i.network === 'lan2')?.packetsOut ?? 0;
    expect(forwardedToLan2).toBeGreaterThan(0);
    expect(count(traffic, 'lan2', 'data')).toBe(forwardedToLan2);
    expect(count(traffic, 'lan3', 'data')).toBe(0); // no member there
    expect(count(traffic, 'lan1', 'data')).toBeGreaterThan(2_000); // all h1 sent, lost ones included
    for (const network of ['lan1', 'lan2', 'lan3'])
      expect(count(traffic, network, 'igmp')).toBeGreaterThan(0);
  });

  it('crashes a node and restarts it as deployed: routes, counters, impairments', async () => {
    await cli('impair', 'h3', '--loss', '0.01'); // an impairment the restarted node's new ports must get again
    expect(await cli('crash', 'h3')).toMatchObject({ node: 'h3', wasRunning: true });
    await expect(lab.agent('h3', 'ping')).rejects.toThrow();
    const inspected = await cli<{ nodes: { name: string; state: string }[] }>('inspect');
    expect(inspected.nodes.find((n) => n.name === 'h3')?.state).toBe('exited');
    expect(await cli('restart', 'h3')).toMatchObject({ node: 'h3' });
    const ping = await lab.exec('h1', ['ping', '-c', '1', '-W', '2', lab.address('h3')]);
    expect(ping.exitCode).toBe(0); // routes are back
    await lab.agent('h3', 'join', { group: GROUP });
    await pollUntil(
      () => burst(10),
      ([, h3]) => h3 === 10,
      { what: 'a burst of 10 from h1 to reach the restarted h3 (counts per burst: [h2, h3])' },
    );
    const traffic = await cli<{ counters: { network: string; class: string; packets: number }[] }>('traffic');
    expect(traffic.counters.filter((c) => c.network === 'lan2' && c.class === 'data')).toHaveLength(1);
    expect(await cli('impair')).toMatchObject({ impairments: [{ target: 'h3', loss: 0.01 }] });
    await cli('impair', 'h3', '--loss', '0');
  });

  it('rejects bad input with exit code 2 and the valid choices', async () => {
    const unknown = await mcastLab('impair', 'nowhere', '--loss', '5', '--lab', lab.name);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/no node "nowhere".*networks: lan1, lan2, lan3/s);
    const rate = await mcastLab('impair', 'lan1', '--rate', 'fast', '--lab', lab.name);
    expect(rate.exitCode).toBe(2);
    expect(rate.stderr).toContain('rate must be like 500kbit, 10mbit or 200pps, or off');
    const overlap = await mcastLab('partition', 'h1,h2', '/', 'h2', '--lab', lab.name);
    expect(overlap.exitCode).toBe(2);
    expect(overlap.stderr).toContain('node h2 is in more than one group');
  });

  it('leaves no nftables table behind after destroy', async () => {
    await cli('impair', 'lan2', '--rate', '10mbit');
    const tables = async () => (await execa('nft', ['list', 'tables', 'bridge'])).stdout;
    expect(await tables()).toContain(labTable(lab.name));
    await destroyLabs(createRuntime(), { lab: lab.name });
    expect(await tables()).not.toContain(labTable(lab.name));
  });
});

describe('a network the topology impairs', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'impaired-')), 'impaired.yaml');
  writeFileSync(
    file,
    [
      'name: impaired',
      'networks:',
      '  lan1: { impair: { loss: 100 } }',
      '  lan2: { impair: { rate: 200pps } }',
      'routers:',
      '  r1: { interfaces: [lan1, lan2] }',
      'hosts:',
      '  h1: { network: lan1 }',
      '  h2: { network: lan2 }',
    ].join('\n'),
  );
  const lab = useLab(file, 'impaired');
  const cli = <T = unknown>(...args: string[]) => mcastLabJson<T>(...args, '--lab', lab.name);
  const ping = async () => (await lab.exec('h2', ['ping', '-c', '1', '-W', '1', lab.address('h1')])).exitCode;

  it('is impaired from deploy on, listed by impair, and heals like any impairment', async () => {
    expect(await cli('impair')).toMatchObject({
      impairments: [
        { target: 'lan1', loss: 100 },
        { target: 'lan2', rate: '200pps' },
      ],
    });
    expect(await ping()).not.toBe(0);
    await cli('impair', 'lan1', '--loss', '0');
    expect(await pollUntil(ping, (code) => code === 0, { what: 'h2 pinging h1 once lan1 is healed' })).toBe(
      0,
    );
  });
});
