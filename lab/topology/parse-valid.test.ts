import { describe, expect, it } from 'vitest';
import { loadTopology, parseTopology } from './parse.js';
import { yaml } from './testing/yaml-lines.js';

describe('parseTopology', () => {
  it('fills in defaults and expands shorthand', () => {
    const text = yaml(
      'name: demo',
      'defaults: { snooping: off }',
      'networks:',
      '  lan1:',
      '  core: { subnet: 10.0.0.0/24, snooping: true, impair: { loss: 5, rate: 10mbit } }',
      'routers:',
      '  r1: { interfaces: [lan1, { network: core, address: 10.0.0.2 }] }',
      'hosts:',
      '  h1: { network: lan1, igmp_version: 2 }',
    );
    expect(parseTopology(text, 'ok.yaml')).toEqual({
      ok: true,
      topology: {
        name: 'demo',
        defaults: {
          igmpVersion: 3,
          pim: 'none',
          forwarding: 'auto',
          sptThreshold: 'immediate',
          profile: 'rfc',
          snooping: false,
          subnetPool: '10.100.0.0/16',
        },
        networks: [
          { name: 'lan1' },
          { name: 'core', subnet: '10.0.0.0/24', snooping: true, impair: { loss: 5, rate: '10mbit' } },
        ],
        routers: [
          { name: 'r1', interfaces: [{ network: 'lan1' }, { network: 'core', address: '10.0.0.2' }] },
        ],
        hosts: [{ name: 'h1', network: 'lan1', igmpVersion: 2 }],
      },
    });
  });
});

describe('loadTopology', () => {
  it('reports a missing file at 1:1', async () => {
    const result = await loadTopology('/nonexistent/lab.yaml');
    expect(result.ok ? [] : result.errors).toEqual([
      {
        file: '/nonexistent/lab.yaml',
        line: 1,
        col: 1,
        path: '',
        message: 'cannot read topology: no such file',
      },
    ]);
  });
});
