import { describe, expect, it } from 'vitest';
import type { PimNeighborsView } from '../../common/router-views.js';
import { type PimRouter, pimShortfalls, waitForPimNeighbors } from './pim-neighbors.js';

// r1 ─ link12 ─ r2 ─ link23 ─ r3, a host LAN on r1.
const ROUTERS: PimRouter[] = [
  {
    name: 'r1',
    interfaces: [
      { network: 'lan1', address: '10.0.1.2' },
      { network: 'link12', address: '10.0.12.2' },
    ],
  },
  {
    name: 'r2',
    interfaces: [
      { network: 'link12', address: '10.0.12.3' },
      { network: 'link23', address: '10.0.23.2' },
    ],
  },
  { name: 'r3', interfaces: [{ network: 'link23', address: '10.0.23.3' }] },
];

const view = (network: string, iface: string, neighbors: string[]): PimNeighborsView => ({
  interface: iface,
  network,
  address: '',
  dr: '',
  neighbors: neighbors.map((address) => ({ address, expiresInMs: 3_000 })),
});

const converged = new Map<string, PimNeighborsView[]>([
  ['r1', [view('lan1', 'eth0', []), view('link12', 'eth1', ['10.0.12.3'])]],
  ['r2', [view('link12', 'eth0', ['10.0.12.2']), view('link23', 'eth1', ['10.0.23.3'])]],
  ['r3', [view('link23', 'eth0', ['10.0.23.2'])]],
]);

/** A lab whose routers answer `show pim-neighbors` from `views` (an Error: the request fails). */
const fakeLab = (views: Map<string, PimNeighborsView[] | Error>) => ({
  agent: async <T>(node: string, verb: string, args?: Record<string, unknown>): Promise<T> => {
    expect([verb, args]).toEqual(['show', { view: 'pim-neighbors' }]);
    const answer = views.get(node);
    if (answer === undefined || answer instanceof Error) throw answer ?? new Error(`no node ${node}`);
    return answer as T;
  },
});

describe('pimShortfalls', () => {
  it('finds nothing missing once every router lists every other router on each shared network', () => {
    expect(pimShortfalls(ROUTERS, converged)).toEqual([]);
  });

  it('names the router, network and interface missing a neighbor, and whom it lists there', () => {
    const views = new Map(converged);
    views.set('r2', [view('link12', 'eth0', ['10.0.12.2']), view('link23', 'eth1', [])]);
    expect(pimShortfalls(ROUTERS, views)).toEqual([
      { router: 'r2', network: 'link23', interface: 'eth1', missing: ['r3 10.0.23.3'], neighbors: [] },
    ]);
  });

  it('counts a network the router shows no PIM interface for as missing', () => {
    const views = new Map(converged);
    views.set('r3', []);
    expect(pimShortfalls(ROUTERS, views)).toEqual([
      {
        router: 'r3',
        network: 'link23',
        interface: '(no PIM interface)',
        missing: ['r2 10.0.23.2'],
        neighbors: [],
      },
    ]);
  });

  it('reports a router whose control socket failed', () => {
    const views = new Map<string, PimNeighborsView[] | Error>(converged);
    views.set('r1', new Error('connect ENOENT control.sock'));
    expect(pimShortfalls(ROUTERS, views)).toEqual([{ router: 'r1', error: 'connect ENOENT control.sock' }]);
  });
});

describe('waitForPimNeighbors', () => {
  it('returns every router’s view once PIM is up', async () => {
    const views = await waitForPimNeighbors(fakeLab(converged), ROUTERS, { timeoutMs: 1_000, intervalMs: 1 });
    expect(views).toEqual(converged);
  });

  it('fails after its deadline, naming the router and interface still missing a neighbor', async () => {
    const views = new Map(converged);
    views.set('r2', [view('link12', 'eth0', ['10.0.12.2']), view('link23', 'eth1', [])]);
    const error = await waitForPimNeighbors(fakeLab(views), ROUTERS, { timeoutMs: 30, intervalMs: 5 }).catch(
      (err: Error) => err,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /^timed out after 30 ms waiting for PIM neighbors between r1, r2, r3/,
    );
    expect((error as Error).message).toContain(
      'last seen: [{"router":"r2","network":"link23","interface":"eth1","missing":["r3 10.0.23.3"],"neighbors":[]}]',
    );
  });

  it('keeps asking a router whose control socket fails, and says so if it never answers', async () => {
    const views = new Map<string, PimNeighborsView[] | Error>(converged);
    views.set('r3', new Error('connect ECONNREFUSED'));
    await expect(
      waitForPimNeighbors(fakeLab(views), ROUTERS, { timeoutMs: 20, intervalMs: 5 }),
    ).rejects.toThrow('"router":"r3","error":"connect ECONNREFUSED"');
  });
});
