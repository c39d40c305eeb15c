import { describe, expect, it } from 'vitest';
import { parseGenerateArgs } from './generate-args.js';

const base = { routers: '4', hostsPerLan: '2' };

describe('parseGenerateArgs', () => {
  it('fills the defaults: seed 1, sparse, fast, SHAPE-ROUTERS, fan-out 2, a quarter of the routers as extra links', () => {
    expect(parseGenerateArgs('random', { ...base, routers: '40' })).toEqual({
      topology: {
        shape: 'random',
        routers: 40,
        hostsPerLan: 2,
        seed: 1,
        pim: 'sparse',
        profile: 'fast',
        name: 'random-40',
        fanOut: 2,
        extraLinks: 10,
      },
    });
  });

  it('builds the workload from --groups, --sources and --members', () => {
    const request = parseGenerateArgs('ring', {
      ...base,
      groups: '2',
      sources: '3',
      members: '1',
      out: 'x.yaml',
    });
    expect(request.workload).toEqual({
      name: 'ring-4-workload',
      groups: 2,
      sources: 3,
      members: 1,
      duration: 30,
      rate: 10,
      seed: 1,
    });
  });

  it.each([
    ['star', {}, 'shape must be one of tree, ring, grid, random (got "star")'],
    ['tree', { routers: '0' }, '--routers must be a whole number from 1 (got "0")'],
    ['tree', { routers: 'ten' }, '--routers must be a whole number from 1 (got "ten")'],
    ['tree', { hostsPerLan: '253' }, '--hosts-per-lan must be a whole number from 0 to 252 (got "253")'],
    ['tree', { pim: 'none' }, '--pim must be one of dense, sparse (got "none")'],
    ['tree', { profile: 'slow' }, '--profile must be one of fast, rfc (got "slow")'],
    ['tree', { name: 'Big' }, '--name must be a lowercase letter or digit'],
    ['ring', { fanOut: '3' }, '--fan-out applies to tree only'],
    ['tree', { extraLinks: '3' }, '--extra-links applies to random only'],
    ['tree', { groups: '1' }, '--groups, --sources and --members go together'],
    ['tree', { duration: '5' }, '--duration is a workload option'],
    ['tree', { groups: '1', sources: '1', members: '1' }, 'two documents cannot both go to stdout'],
    ['tree', { groups: '1', sources: '1', members: '1', out: 'x', duration: '0' }, '--duration must be'],
  ])('refuses %s %j', (shape, more, message) => {
    expect(() => parseGenerateArgs(shape, { ...base, ...more })).toThrow(message);
  });
});
