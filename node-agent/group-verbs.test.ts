import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlError, controlRequest } from '../common/control/client.js';
import type { ControlArgs } from '../common/control/protocol.js';
import { serveControl } from '../common/control/server.js';
import type { NodeConfig } from '../common/node-config.js';
import { DeliveryLog } from './edge/delivery-log.js';
import { UdpGroups } from './edge/udp-groups.js';
import { groupVerbs } from './group-verbs.js';

const config = {
  lab: 'unit',
  node: 'h1',
  kind: 'host',
  interfaces: [{ network: 'lan1', address: '127.0.0.1', prefixLength: 8 }],
  hosts: [],
} as unknown as NodeConfig; // the group verbs read only the node and its hosts

let dir: string;
let server: Server;
let log: DeliveryLog;
const request = (verb: string, args: ControlArgs) =>
  controlRequest(join(dir, 'control.sock'), verb, args, 5_000).catch((error: unknown) => error);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcast-group-verbs-'));
  log = new DeliveryLog(join(dir, 'deliveries.jsonl'));
  const sockets = new UdpGroups('127.0.0.1', [], (error) => {
    throw error;
  });
  server = await serveControl(join(dir, 'control.sock'), groupVerbs(config, sockets, log).verbs);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await log.close();
  await rm(dir, { recursive: true, force: true });
});

describe('join_group refuses options the group would not honour, with the valid choices', () => {
  it.each([
    [
      { atomic: true, ordering: 'causal' },
      /--ordering causal is not available with --atomic \(valid: fifo, total-sequencer, total-isis\)/,
    ],
    [{ atomic: true, reliability: 'best-effort' }, /--reliability best-effort .*valid: nack/],
    [{ uniform: true }, /--uniform needs --atomic/],
    [{ partitionMode: 'primary' }, /--partition-mode needs --atomic/],
  ])('%j', async (options, message) => {
    const error = await request('join_group', { _: ['239.80.0.1'], ...options });
    expect(error).toBeInstanceOf(ControlError);
    expect(error).toMatchObject({ code: 'usage' });
    expect((error as Error).message).toMatch(message);
  });
});
