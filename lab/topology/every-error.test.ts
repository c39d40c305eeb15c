import { describe, expect, it } from 'vitest';
import { parseTopology } from './parse.js';
import { yaml } from './testing/yaml-lines.js';

/** `line:col message` of every error, in file order. */
const errors = (...lines: string[]) => {
  const result = parseTopology(yaml(...lines), 'lab.yaml', '/');
  return result.ok ? [] : result.errors.map((e) => `${e.line}:${e.col} ${e.message}`);
};

describe('every error in a topology at once', () => {
  it('reports a bad value and a bad node name in the same host', () => {
    expect(
      errors('name: demo', 'networks:', '  lan1:', 'hosts:', '  H1: { network: lan1, igmp_version: 4 }'),
    ).toEqual([
      '5:3 invalid name "H1": use a lowercase letter, then up to 19 of a-z, 0-9 and "-"',
      '5:38 igmp_version must be one of 2, 3 (got 4)',
    ]);
  });

  it('reports shape errors together with names, references, subnets, addresses and RPs', () => {
    expect(
      errors(
        'name: demo',
        'defaults:',
        '  pim: spares',
        '  rp: r9',
        'networks:',
        '  lan1: { subnet: 10.1.0.0/16 }',
        '  lan2: { subnet: 10.1.1.0/24, snoping: off }',
        'routers:',
        '  r1: { interfaces: [lan1, lan2, lan7], forwarding: kernel }',
        'hosts:',
        '  h_1: { network: lan1, address: 10.2.0.9 }',
        '  h2: { network: lan2, address: 10.1.1.9 }',
        '  h3: { network: lan2, address: 10.1.1.9 }',
      ),
    ).toEqual([
      '3:8 pim must be one of none, dense, sparse (got "spares")',
      '4:7 rp "r9" is not a router; routers: r1',
      '7:19 subnet 10.1.1.0/24 of lan2 overlaps 10.1.0.0/16 of lan1',
      '7:32 unknown key "snoping" in networks.lan2; valid keys: subnet, snooping, impair',
      '9:34 unknown network "lan7"; networks: lan1, lan2',
      '9:53 forwarding must be one of auto, kernel-mroute, nftables (got "kernel")',
      '11:3 invalid name "h_1": use a lowercase letter, then up to 19 of a-z, 0-9 and "-"',
      "11:34 address 10.2.0.9 is outside lan1's subnet 10.1.0.0/16",
      '13:33 address 10.1.1.9 is already used by h2',
    ]);
  });

  it('locates the errors after a rejected list item where they are', () => {
    expect(
      errors(
        'name: demo',
        'networks: { lan1: { subnet: 10.1.1.0/24 }, lan2: }',
        'routers:',
        '  r1:',
        '    interfaces:',
        '      - 7',
        '      - lan1',
        '      - { network: lan1, address: 10.1.1.300 }',
        '      - { network: lan1, address: 10.1.9.1 }',
        '      - lan8',
      ),
    ).toEqual([
      '6:9 an interface must be a network name or a map with network and address (got 7)',
      '8:20 router r1 already has an interface on lan1',
      '8:35 address must be an IPv4 address like 10.1.1.20 (got "10.1.1.300")',
      '9:20 router r1 already has an interface on lan1',
      "9:35 address 10.1.9.1 is outside lan1's subnet 10.1.1.0/24",
      '10:9 unknown network "lan8"; networks: lan1, lan2',
    ]);
  });

  it('reports no consequence of a rejected value', () => {
    expect(
      errors(
        'name: Demo Lab',
        'defaults: { rp: [{ router: r1, groups: 239.0.0.0/33 }] }',
        'networks:',
        '  lan1: { subnet: 10.1.1.0/33 }',
        '  lan2:',
        'routers:',
        '  r1: { interfaces: lan1 }',
        'hosts:',
        '  h1: { network: lan1, address: 10.1.1.9 }',
        '  h2: { network: lan2, agent: off, image: "Bad Image" }',
      ),
    ).toEqual([
      '1:7 name must be a lowercase letter or digit, then up to 29 of a-z, 0-9, "_" and "-" (got "Demo Lab")',
      '2:40 groups must be an IPv4 CIDR like 10.1.1.0/24 (got "239.0.0.0/33")',
      '4:19 subnet must be an IPv4 CIDR like 10.1.1.0/24 (got "10.1.1.0/33")',
      '7:21 interfaces must be a list (got "lan1")',
      '10:43 image must be a Docker image reference like my/receiver:1.0 (got "Bad Image")',
    ]);
  });

  it('stops at a repeated key: the rest of the document is a guess', () => {
    expect(
      errors('name: demo', 'networks:', '  lan1:', '  lan1:', 'hosts: { H1: { network: lan9 } }'),
    ).toEqual(['4:3 duplicate key "lan1" in networks']);
  });
});
