import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { afterAll, beforeAll } from 'vitest';
import { pollUntil } from '../../common/poll.js';
import { createRuntime } from '../../lab/runtime/context.js';
import { findNode } from '../../lab/runtime/find-node.js';
import { REPO } from '../../lab/test/cli.js';
import { useLab } from '../../lab/test/lab-fixture.js';
import type { Upcall, VifCounters } from '../fib/forwarding-plane.js';
import { describePlaneConformance, type PlaneHarness } from '../fib/testing/plane-conformance.js';

// The one-router lab with router-sim's own multicast routing off, so the kernel plane under test can
// take the mroute socket of r1's namespace.
const file = join(tmpdir(), 'mcast-lab-plane-conformance.yaml');
await writeFile(
  file,
  (await readFile('topologies/one-router.yaml', 'utf8')).replace(
    'interfaces: [lan1, lan2, lan3]',
    'interfaces: [lan1, lan2, lan3]\n    multicast: none',
  ),
);

const lab = useLab(file, 'kplane');
const upcalls: Upcall[] = [];
const pending = new Map<number, (answer: { result?: unknown; error?: string }) => void>();
let server: ReturnType<typeof execa> | undefined;
let nextId = 0;

const call = <T>(op: string, args: Record<string, unknown> = {}) =>
  new Promise<T>((resolve, reject) => {
    const id = nextId++;
    pending.set(id, (answer) =>
      answer.error ? reject(new Error(answer.error)) : resolve(answer.result as T),
    );
    server?.stdin?.write(`${JSON.stringify({ id, op, ...args })}\n`);
  });

beforeAll(async () => {
  const r1 = lab.node('r1');
  const { pid } = await findNode(createRuntime(), 'r1', lab.name);
  const links = JSON.parse((await lab.exec('r1', ['ip', '-j', 'link'])).stdout) as {
    ifname: string;
    ifindex: number;
  }[];
  // The host's node in r1's network namespace: /proc/net then shows r1's multicast routing tables.
  server = execa('nsenter', ['-t', String(pid), '-n', 'node', 'dist/router-sim/fib/plane-server.js'], {
    cwd: REPO,
    reject: false,
  });
  createInterface({ input: server.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    const message = JSON.parse(line) as { id?: number; upcall?: Upcall; result?: unknown; error?: string };
    if (message.upcall) upcalls.push(message.upcall);
    else if (message.id !== undefined) pending.get(message.id)?.(message);
  });
  for (const [index, network] of ['lan1', 'lan2', 'lan3'].entries()) {
    const name = r1.interfaces.find((i) => i.network === network)?.name ?? '';
    const ifindex = links.find((l) => l.ifname === name)?.ifindex ?? 0;
    await call('addVif', { vif: { index, name, ifindex, address: '' } });
  }
});
afterAll(() => {
  server?.kill();
});

describePlaneConformance('Linux kernel (router-sim/fib/kernel-plane.ts in a lab router)', () => {
  const vifs = () => call<VifCounters[]>('vifs');
  const packetsIn = async () => (await vifs()).find((v) => v.index === 0)?.packetsIn ?? 0;
  const harness: PlaneHarness = {
    setRoute: (entry) => call('setRoute', { entry }),
    deleteRoute: (source, group) => call('deleteRoute', { source, group }),
    routes: () => call('routes'),
    vifs,
    upcalls,
    get source() {
      return lab.address('h1');
    },
    inject: async (group, count) => {
      const before = await packetsIn();
      const seen = upcalls.length;
      await lab.agent('h1', 'send', { group, count, size: 100 });
      // Counted on VIF 0 once an entry exists; without one, the kernel queues them and raises an upcall.
      await pollUntil(
        async () => ({ counted: (await packetsIn()) - before, upcalls: upcalls.length - seen }),
        (s) => s.counted >= count || s.upcalls > 0,
        2_000,
        10,
      );
    },
  };
  return harness;
});
