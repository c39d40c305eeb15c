import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTopology } from './parse.js';
import { planLab } from './planner.js';

const folder = fileURLToPath(new URL('../../topologies/', import.meta.url));
const files = (await readdir(folder)).filter((file) => file.endsWith('.yaml')).sort();

describe('topologies/', () => {
  it('holds the example labs', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'default.yaml',
        'snooping.yaml',
        'one-router.yaml',
        'two-queriers.yaml',
        'line3.yaml',
        'diamond.yaml',
        'sparse-tree.yaml',
        'iptv.yaml',
        'campus.yaml',
        'ring.yaml',
        'diamond-two-sources.yaml',
        'own-program.yaml',
      ]),
    );
  });

  it.each(files)('%s parses and plans cleanly', async (file) => {
    const loaded = await loadTopology(`${folder}${file}`);
    expect(loaded.ok ? [] : loaded.errors).toEqual([]);
    if (!loaded.ok) return;
    expect(loaded.topology.name).toBe(file.replace(/\.yaml$/, ''));
    const planned = planLab(loaded.topology, {});
    expect(planned.ok ? [] : planned.errors).toEqual([]);
  });

  it('default.yaml routes h1 to h4 across both routers', async () => {
    const loaded = await loadTopology(`${folder}default.yaml`);
    const planned = loaded.ok ? planLab(loaded.topology, {}) : undefined;
    const plan = planned?.ok ? planned.plan : undefined;
    const route = (name: string) => plan?.nodes.find((n) => n.name === name)?.routes;
    expect(plan?.profile).toBe('fast');
    expect(route('h1')).toEqual([{ destination: 'default', via: '10.10.1.2' }]);
    expect(route('r1')).toEqual([{ destination: '10.10.3.0/24', via: '10.10.0.3' }]);
    expect(plan?.nodes.find((n) => n.name === 'h4')?.interfaces[0]?.address).toBe('10.10.3.3');
  });
});
