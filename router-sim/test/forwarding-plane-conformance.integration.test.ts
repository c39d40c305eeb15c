import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { afterAll, beforeAll, describe } from 'vitest';
import type { ForwardingPlaneKind } from '../../common/node-config.js';
import { pollUntil } from '../../common/poll.js';
import { createRuntime } from '../../lab/docker/context.js';
import { findNode } from '../../lab/docker/find-node.js';
import { REPO } from '../../lab/testing/cli.js';
import { useLab } from '../../lab/testing/lab-fixture.js';
import type { MrouteCounters, Upcall, VifCounters } from '../fib/forwarding-plane.js';
import { describePlaneConformance, type PlaneHarness } from '../fib/testing/plane-conformance.js';

// The one-router lab with router-sim's own multicast routing off, so the plane under test has r1's
// namespace to itself: each kernel plane in turn, driven from the host inside r1's namespace.
const file = join(tmpdir(), 'mcast-lab-plane-conformance.yaml');
await writeFile(
  file,
  (await readFile('topologies/one-router.yaml', 'utf8')).replace(
    'interfaces: [lan1, lan2, lan3]',
    'interfaces: [lan1, lan2, lan3]\n    multicast: none',
  ),
);
const lab = useLab(file, 'kplane');

for (const kind of ['kernel-mroute', 'nftables'] satisfies ForwardingPlaneKind[]) {
  describe(`${kind} plane`, () => {
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
    const harness: PlaneHarness = {
      setRoute: (entry) => call('setRoute', { entry }),
      deleteRoute: (source, group) => call('deleteRoute', { source, group }),
      routes: () => call<MrouteCounters[]>('routes'),
      vifs: () => call<VifCounters[]>('vifs'),
      upcalls,
      get source() {
        return lab.address('h1');
      },
      inject: async (group, count) => {
        // Every datagram ends up counted on VIF 0 (an entry's iif), as wrong (another iif), or held
        // for an upcall.
        const seen = async () => {
          const [vifs, routes] = await Promise.all([harness.vifs(), harness.routes()]);
          const wrong = routes.filter((r) => r.group === group).reduce((n, r) => n + r.wrongIf, 0);
          return (vifs.find((v) => v.index === 0)?.packetsIn ?? 0) + wrong;
        };
        const before = await seen();
        const upcallsBefore = upcalls.length;
        await lab.agent('h1', 'send', { group, count, size: 100 });
        await pollUntil(
          async () => ({ counted: (await seen()) - before, upcalls: upcalls.length - upcallsBefore }),
          (s) => s.counted >= count || (s.counted === 0 && s.upcalls > 0),
          {
            what: `the ${kind} plane to see ${count} datagrams to ${group}`,
            timeoutMs: 3_000,
            intervalMs: 10,
          },
        );
      },
    };

    beforeAll(async () => {
      const r1 = lab.node('r1');
      const { pid } = await findNode(createRuntime(), 'r1', lab.name);
      const links = JSON.parse((await lab.exec('r1', ['ip', '-j', 'link'])).stdout) as {
        ifname: string;
        ifindex: number;
      }[];
      // The host's node in r1's network namespace: /proc/net then shows r1's multicast routing tables.
      server = execa(
        'nsenter',
        ['-t', String(pid), '-n', 'node', 'dist/router-sim/fib/plane-server.js', kind],
        {
          cwd: REPO,
          reject: false,
        },
      );
      const opened = new Promise<string | undefined>((resolve) => {
        createInterface({ input: server?.stdout as NodeJS.ReadableStream }).on('line', (line) => {
          const message = JSON.parse(line) as {
            id?: number;
            upcall?: Upcall;
            ready?: string;
            unavailable?: string;
            result?: unknown;
            error?: string;
          };
          if (message.ready) resolve(undefined);
          else if (message.unavailable) resolve(message.unavailable);
          else if (message.upcall) upcalls.push(message.upcall);
          else if (message.id !== undefined) pending.get(message.id)?.(message);
        });
      });
      harness.unavailable = await opened;
      if (harness.unavailable) {
        console.warn(`${kind} plane not tested on this machine: ${harness.unavailable}`);
        return;
      }
      for (const [index, network] of ['lan1', 'lan2', 'lan3'].entries()) {
        const name = r1.interfaces.find((i) => i.network === network)?.name ?? '';
        const ifindex = links.find((l) => l.ifname === name)?.ifindex ?? 0;
        await call('addVif', { vif: { index, name, ifindex, address: '' } });
      }
    });
    afterAll(async () => {
      server?.stdin?.end();
      await server;
    });

    describePlaneConformance(`${kind} (router-sim/fib in a lab router)`, () => harness);
  });
}
