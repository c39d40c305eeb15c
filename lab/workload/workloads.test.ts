import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../topology/parse.js';
import { loadWorkload } from './parse.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const files = (await readdir(`${root}workloads`)).filter((file) => file.endsWith('.yaml')).sort();

describe('workloads/', () => {
  it.each(files)('%s is valid on the topology of the same name', async (file) => {
    const topology = await loadTopology(`${root}topologies/${file}`);
    expect(topology.ok ? [] : topology.errors).toEqual([]);
    if (!topology.ok) return;
    const workload = await loadWorkload(`${root}workloads/${file}`, topology.topology);
    expect(workload.ok ? [] : workload.errors).toEqual([]);
  });
});
