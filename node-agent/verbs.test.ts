import { createSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ControlError, controlRequest } from '../common/control/client.js';
import type { ControlArgs } from '../common/control/protocol.js';
import { serveControl } from '../common/control/server.js';
import type { NodeConfig } from '../common/node-config.js';
import { IpMulticastTransport, type SendOptions } from './best-effort/ip-multicast.js';
import { CounterTable } from './best-effort/traffic-counters.js';
import type { GroupAddress } from './group-types/group-address.js';
import { nodeAgentVerbs } from './verbs.js';

const LOOPBACK = '127.0.0.1';

/** The real transport, recording the options each send was given. */
class RecordingTransport extends IpMulticastTransport {
  readonly sends: { group: GroupAddress; options: SendOptions }[] = [];
  override send(group: GroupAddress, options: SendOptions): Promise<number> {
    this.sends.push({ group, options });
    return super.send(group, options);
  }
}

const config: NodeConfig = {
  lab: 'unit',
  node: 'h1',
  kind: 'host',
  interfaces: [{ network: 'lan1', address: LOOPBACK, prefixLength: 8 }],
  igmpVersion: 3,
  multicastRouting: false,
  forwarding: 'auto',
  pim: 'none',
  rps: [],
  sptThreshold: 'immediate',
  profile: 'fast',
  hosts: [],
};

let dir: string;
let socketPath: string;
let server: Server;
let counters: CounterTable;
let transport: RecordingTransport;
/** A group on a port no other test uses. */
let group: string;
let groupAddress: string;

const request = (verb: string, args: ControlArgs = {}) => controlRequest(socketPath, verb, args, 5_000);
const usageError = async (verb: string, args: ControlArgs): Promise<string> => {
  const error = await request(verb, args).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ControlError);
  expect(error).toMatchObject({ code: 'usage' });
  return (error as ControlError).message;
};

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

let nextPort = 20_000 + Math.floor(Math.random() * 30_000);
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcast-verbs-'));
  socketPath = join(dir, 'control.sock');
  counters = new CounterTable();
  transport = new RecordingTransport(config.node, LOOPBACK, counters);
  server = await serveControl(socketPath, nodeAgentVerbs(config, transport, counters));
  groupAddress = `239.77.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}`;
  nextPort += 1;
  group = `${groupAddress}:${nextPort}`;
});

afterEach(async () => {
  transport.close();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('node-agent verbs', () => {
  it('answers ping, status and stats', async () => {
    await expect(request('ping')).resolves.toBe('pong');
    const status = (await request('status')) as Record<string, unknown>;
    expect(status).toMatchObject({
      node: 'h1',
      lab: 'unit',
      kind: 'host',
      interfaces: config.interfaces,
      joined: [],
    });
    expect(status.uptimeMs).toBeGreaterThanOrEqual(0);
    await expect(request('stats')).resolves.toEqual({
      node: 'h1',
      cpu: { user: expect.any(Number), system: expect.any(Number) },
      groups: {},
    });
  });

  it.each([
    [{ _: ['10.1.1.1'] }, /not a multicast address/],
    [{ _: ['224.0.0.5'] }, /link-local/],
    [{ _: ['239.1.1.1:0'] }, /bad port/],
    [{ _: ['nonsense'] }, /not an IPv4 group address/],
    [{ group: 42 }, /^group: /],
    [{}, /^group: /],
    [{ _: ['239.1.1.1', 'extra'] }, /too many arguments: extra/],
    [{ _: ['239.1.1.1'], port: '6000' }, /port/],
  ])('rejects join %j with a usage error', async (args, message) => {
    expect(await usageError('join', args)).toMatch(message);
    expect(counters.groups).toEqual({});
  });

  it('rejects leaving a group it has not joined', async () => {
    expect(await usageError('leave', { _: [group] })).toBe(`not a member of ${groupAddress}`);
    expect(await usageError('leave', { _: ['10.0.0.1'] })).toMatch(/not a multicast address/);
  });

  it('joins and leaves a group, reflected in status and stats', async () => {
    await expect(request('join', { _: [group] })).resolves.toEqual({ joined: groupAddress });
    await expect(request('join', { group })).resolves.toEqual({ joined: groupAddress });
    expect(((await request('status')) as { joined: string[] }).joined).toEqual([groupAddress]);
    expect(
      ((await request('stats')) as { groups: Record<string, { joined: boolean }> }).groups,
    ).toMatchObject({ [groupAddress]: { joined: true } });

    await expect(request('leave', { _: [group] })).resolves.toEqual({ left: groupAddress });
    expect(((await request('status')) as { joined: string[] }).joined).toEqual([]);
    expect(counters.of(groupAddress).joined).toBe(false);
    expect(await usageError('leave', { _: [group] })).toBe(`not a member of ${groupAddress}`);
  });

  it('sends one 64-byte datagram with TTL 16 as fast as possible by default', async () => {
    await expect(request('send', { _: [group] })).resolves.toEqual({
      sent: 1,
      durationMs: expect.any(Number),
    });
    expect(transport.sends).toEqual([
      {
        group: { address: groupAddress, port: nextPort },
        options: { n: 1, until: Number.POSITIVE_INFINITY, size: 64, ttl: 16, rate: 0 },
      },
    ]);
    expect(counters.of(groupAddress)).toMatchObject({ sent: 1, bytesSent: 64, joined: false });
  });

  it('sends for a number of seconds when asked', async () => {
    const { sent, durationMs } = (await request('send', { _: [group], seconds: '0.2' })) as {
      sent: number;
      durationMs: number;
    };
    expect(sent).toBeGreaterThan(10);
    expect(durationMs).toBeGreaterThanOrEqual(200);
    expect(counters.of(groupAddress).sent).toBe(sent);
  });

  it('takes numbers as the CLI sends them, as strings', async () => {
    await expect(
      request('send', { _: [group], count: '3', size: '200', ttl: '2', rate: '1000' }),
    ).resolves.toEqual({ sent: 3, durationMs: expect.any(Number) });
    expect(transport.sends[0]?.options).toEqual({
      n: 3,
      until: Number.POSITIVE_INFINITY,
      size: 200,
      ttl: 2,
      rate: 1000,
    });
    expect(counters.of(groupAddress)).toMatchObject({ sent: 3, bytesSent: 600 });
  });

  it.each([
    { count: '0' },
    { count: '1.5' },
    { count: 'many' },
    { count: '100000001' },
    { seconds: '-1' },
    { size: '0' },
    { size: '65001' },
    { ttl: '0' },
    { ttl: '256' },
    { rate: '-1' },
    { bogus: '1' },
  ])('rejects send with %j as a usage error, sending nothing', async (options) => {
    const message = await usageError('send', { _: [group], ...options });
    expect(message).toContain(Object.keys(options)[0]);
    expect(transport.sends).toEqual([]);
    expect(counters.groups).toEqual({});
  });

  it('paces sends to the requested rate', async () => {
    const started = Date.now();
    await request('send', { _: [group], count: '4', rate: '50' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
  });

  it('counts the datagrams it receives on a joined group per sender', async () => {
    await request('join', { _: [group] });
    await request('send', { _: [group], count: '5', size: '100' });
    await until(() => counters.of(groupAddress).received >= 5);
    expect(counters.of(groupAddress)).toMatchObject({
      joined: true,
      sent: 5,
      bytesSent: 500,
      received: 5,
      bytesReceived: 500,
      senders: { h1: 5 },
    });
  });

  it('counts foreign datagrams under their source address', async () => {
    await request('join', { _: [group] });
    const foreign = createSocket('udp4');
    await new Promise<void>((resolve) => foreign.bind(0, LOOPBACK, () => resolve()));
    foreign.setMulticastInterface(LOOPBACK);
    await new Promise((resolve) => foreign.send('not a test datagram', nextPort, groupAddress, resolve));
    foreign.close();
    await until(() => counters.of(groupAddress).received >= 1);
    expect(counters.of(groupAddress).senders).toEqual({ [LOOPBACK]: 1 });
  });

  it('stops receiving after leave', async () => {
    await request('join', { _: [group] });
    await request('send', { _: [group] });
    await until(() => counters.of(groupAddress).received >= 1);
    await request('leave', { _: [group] });
    await request('send', { _: [group], count: '3' });
    await new Promise((r) => setTimeout(r, 100));
    expect(counters.of(groupAddress)).toMatchObject({ sent: 4, received: 1 });
  });
});
