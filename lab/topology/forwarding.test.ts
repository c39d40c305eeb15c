import { describe, expect, it } from 'vitest';
import { parseTopology } from './parse.js';
import { LAN, yaml } from './testing/yaml-lines.js';

describe('parseTopology forwarding', () => {
  it('takes the lab default, overridden per router', () => {
    const text = yaml(
      'name: demo',
      'defaults: { forwarding: nftables }',
      'networks: { lan1: , lan2: }',
      'routers:',
      '  r1: { interfaces: [lan1, lan2] }',
      '  r2: { interfaces: [lan2], forwarding: kernel-mroute }',
      '  r3: { interfaces: [lan1], forwarding: auto, multicast: router-sim }',
      '  r4: { interfaces: [lan2], multicast: none }',
    );
    const result = parseTopology(text, 'ok.yaml');
    expect(result.ok && result.topology.defaults.forwarding).toBe('nftables');
    expect(result.ok && result.topology.routers.map((r) => [r.name, r.forwarding])).toEqual([
      ['r1', undefined],
      ['r2', 'kernel-mroute'],
      ['r3', 'auto'],
      ['r4', undefined],
    ]);
  });

  it('names both router options on a host', () => {
    const text = yaml(
      'name: demo',
      ...LAN,
      'hosts:',
      '  h1: { network: lan1, multicast: none, forwarding: auto }',
    );
    const result = parseTopology(text, 'bad.yaml');
    expect(result.ok ? [] : result.errors.map((e) => `${e.line}:${e.col} ${e.message}`)).toEqual([
      '5:24 unknown key "multicast" in hosts.h1; valid keys: network, address, igmp_version, agent, image, command, binds, env; multicast and forwarding are router options: hosts route and forward no multicast',
      '5:41 unknown key "forwarding" in hosts.h1; valid keys: network, address, igmp_version, agent, image, command, binds, env; multicast and forwarding are router options: hosts route and forward no multicast',
    ]);
  });
});
