import { describe, expect, it } from 'vitest';
import { parseTopology } from './parse.js';

import { LAN, yaml } from './testing/yaml-lines.js';

describe('parseTopology rejects bad topologies with a located error', () => {
  it.each([
    {
      case: 'bad indentation',
      text: yaml('name: demo', 'networks:', '  lan1:', '   subnet: 10.1.1.0/24', '  bad'),
      at: '5:3',
      message: 'invalid YAML',
    },
    {
      case: 'unclosed flow map',
      text: yaml('name: demo', 'networks:', '  lan1: { subnet: 10.1.1.0/24'),
      at: '4:1',
      message: 'invalid YAML',
    },
    {
      case: 'duplicate YAML key',
      text: yaml('name: demo', 'networks:', '  lan1:', '  lan1:'),
      at: '4:3',
      message: 'duplicate key "lan1" in networks',
    },
    {
      case: 'missing name',
      text: yaml('# no name', ...LAN),
      at: '2:1',
      message: 'missing required key "name"',
    },
    {
      case: 'missing nested key (at the enclosing map)',
      text: yaml('name: demo', ...LAN, 'routers:', '  r1: {}'),
      at: '5:3',
      message: 'missing required key "interfaces" in routers.r1',
    },
    {
      case: 'unknown top-level key',
      text: yaml('name: demo', 'networkz: {}', ...LAN),
      at: '2:1',
      message:
        'unknown key "networkz" at the top level; valid keys: name, defaults, networks, routers, hosts',
    },
    {
      case: 'unknown nested key',
      text: yaml('name: demo', 'networks:', '  lan1: { subnet: 10.1.1.0/24, snoping: off }'),
      at: '3:32',
      message: 'unknown key "snoping" in networks.lan1; valid keys: subnet, snooping, impair',
    },
    {
      case: 'loss above 100 %',
      text: yaml('name: demo', 'networks:', '  lan1: { impair: { loss: 120 } }'),
      at: '3:27',
      message: 'loss is a percentage from 0 to 100, as a number like 5 (got 120)',
    },
    {
      case: 'a rate without its unit',
      text: yaml('name: demo', 'networks:', '  lan1: { impair: { rate: 10 } }'),
      at: '3:27',
      message: 'rate must be like 500kbit, 10mbit or 200pps (got 10)',
    },
    {
      case: 'a rate in an unknown unit',
      text: yaml('name: demo', 'networks:', '  lan1: { impair: { rate: 10gbit } }'),
      at: '3:27',
      message: 'rate must be like 500kbit, 10mbit or 200pps (got "10gbit")',
    },
    {
      case: 'bad enum',
      text: yaml('name: demo', 'defaults:', '  pim: spares', ...LAN),
      at: '3:8',
      message: 'pim must be one of none, dense, sparse (got "spares")',
    },
    {
      case: 'bad forwarding default',
      text: yaml('name: demo', 'defaults:', '  forwarding: nft', ...LAN),
      at: '3:15',
      message: 'forwarding must be one of auto, kernel-mroute, nftables (got "nft")',
    },
    {
      case: 'bad router forwarding',
      text: yaml('name: demo', ...LAN, 'routers:', '  r1: { interfaces: [lan1], forwarding: mroute }'),
      at: '5:41',
      message: 'forwarding must be one of auto, kernel-mroute, nftables (got "mroute")',
    },
    {
      case: 'forwarding on a host (at the key)',
      text: yaml('name: demo', ...LAN, 'hosts:', '  h1: { network: lan1, forwarding: nftables }'),
      at: '5:24',
      message:
        'unknown key "forwarding" in hosts.h1; valid keys: network, address, igmp_version, agent, image, command, binds, env; forwarding is a router option: hosts route and forward no multicast',
    },
    {
      case: 'forwarding on a router without router-sim',
      text: yaml(
        'name: demo',
        ...LAN,
        'routers:',
        '  r1: { interfaces: [lan1], multicast: none, forwarding: nftables }',
      ),
      at: '5:58',
      message:
        'router r1 has multicast: none, so router-sim drives no forwarding plane on it; remove forwarding or multicast: none',
    },
    {
      case: 'bad lab name',
      text: yaml('name: Demo', ...LAN),
      at: '1:7',
      message: 'name must be a lowercase letter or digit',
    },
    {
      case: 'bad network name (at the key)',
      text: yaml('name: demo', 'networks:', '  Lan1:'),
      at: '3:3',
      message: 'invalid name "Lan1"',
    },
    {
      case: 'bad interface item',
      text: yaml('name: demo', ...LAN, 'routers:', '  r1: { interfaces: [lan1, 42] }'),
      at: '5:28',
      message: 'an interface must be a network name or a map with network and address (got 42)',
    },
    {
      case: 'bad subnet',
      text: yaml('name: demo', 'networks:', '  lan1: { subnet: 10.1.1/24 }'),
      at: '3:19',
      message: 'subnet must be an IPv4 CIDR like 10.1.1.0/24 (got "10.1.1/24")',
    },
    {
      case: 'host bits set',
      text: yaml('name: demo', 'networks:', '  lan1: { subnet: 10.1.1.5/24 }'),
      at: '3:19',
      message: 'has host bits set; did you mean 10.1.1.0/24?',
    },
    {
      case: 'unknown network reference (shorthand interface)',
      text: yaml('name: demo', ...LAN, 'routers:', '  r1:', '    interfaces: [lan1, lan9]'),
      at: '6:24',
      message: 'unknown network "lan9"; networks: lan1',
    },
    {
      case: 'unknown network reference (host)',
      text: yaml('name: demo', ...LAN, 'hosts:', '  h1: { network: lan2 }'),
      at: '5:18',
      message: 'unknown network "lan2"',
    },
    {
      case: 'two router interfaces on one network',
      text: yaml('name: demo', ...LAN, 'routers:', '  r1: { interfaces: [lan1, { network: lan1 }] }'),
      at: '5:39',
      message: 'router r1 already has an interface on lan1',
    },
    {
      case: 'duplicate node name',
      text: yaml(
        'name: demo',
        ...LAN,
        'routers:',
        '  r1: { interfaces: [lan1] }',
        'hosts:',
        '  r1: { network: lan1 }',
      ),
      at: '7:3',
      message: 'duplicate node name "r1"',
    },
    {
      case: 'duplicate address',
      text: yaml(
        'name: demo',
        'networks:',
        '  lan1: { subnet: 10.1.1.0/24 }',
        'hosts:',
        '  h1: { network: lan1, address: 10.1.1.9 }',
        '  h2: { network: lan1, address: 10.1.1.9 }',
      ),
      at: '6:33',
      message: 'address 10.1.1.9 is already used by h1',
    },
    {
      case: 'address outside subnet',
      text: yaml(
        'name: demo',
        'networks:',
        '  lan1: { subnet: 10.1.1.0/24 }',
        'hosts:',
        '  h1: { network: lan1, address: 10.1.2.9 }',
      ),
      at: '5:33',
      message: "address 10.1.2.9 is outside lan1's subnet 10.1.1.0/24",
    },
    {
      case: 'address of the host bridge',
      text: yaml(
        'name: demo',
        'networks:',
        '  lan1: { subnet: 10.1.1.0/24 }',
        'hosts:',
        '  h1: { network: lan1, address: 10.1.1.1 }',
      ),
      at: '5:33',
      message: 'reserved for the host bridge',
    },
    {
      case: 'broadcast address',
      text: yaml(
        'name: demo',
        'networks:',
        '  lan1: { subnet: 10.1.1.0/24 }',
        'hosts:',
        '  h1: { network: lan1, address: 10.1.1.255 }',
      ),
      at: '5:33',
      message: 'is the broadcast address of 10.1.1.0/24',
    },
    {
      case: 'fixed address without subnet',
      text: yaml('name: demo', ...LAN, 'hosts:', '  h1: { network: lan1, address: 10.1.1.9 }'),
      at: '5:33',
      message: 'give network lan1 a subnet to fix addresses in it',
    },
    {
      case: 'overlapping subnets',
      text: yaml(
        'name: demo',
        'networks:',
        '  lan1: { subnet: 10.1.0.0/16 }',
        '  lan2: { subnet: 10.1.1.0/24 }',
        'routers:',
        '  r1: { interfaces: [lan1, lan2] }',
      ),
      at: '4:19',
      message: 'subnet 10.1.1.0/24 of lan2 overlaps 10.1.0.0/16 of lan1',
    },
    {
      case: 'subnet too small',
      text: yaml(
        'name: demo',
        'networks:',
        '  lan1: { subnet: 10.1.1.0/30 }',
        'routers:',
        '  r1: { interfaces: [lan1] }',
        'hosts:',
        '  h1: { network: lan1 }',
      ),
      at: '3:19',
      message: 'holds 1 node addresses but 2 nodes attach to it',
    },
    {
      case: 'rp not a router',
      text: yaml(
        'name: demo',
        'defaults:',
        '  pim: sparse',
        '  rp: r9',
        ...LAN,
        'routers:',
        '  r1: { interfaces: [lan1] }',
      ),
      at: '4:7',
      message: 'rp "r9" is not a router; routers: r1',
    },
    {
      case: 'rp entry not a router',
      text: yaml(
        'name: demo',
        'defaults:',
        '  rp:',
        '    - { router: r1, groups: 239.1.0.0/16 }',
        '    - { router: r7 }',
        ...LAN,
        'routers:',
        '  r1: { interfaces: [lan1] }',
      ),
      at: '5:17',
      message: 'rp "r7" is not a router; routers: r1',
    },
    {
      case: 'rp without router-sim',
      text: yaml(
        'name: demo',
        'defaults: { pim: sparse, rp: r1 }',
        ...LAN,
        'routers:',
        '  r1: { interfaces: [lan1], multicast: none }',
      ),
      at: '2:30',
      message: 'rp "r1" has multicast: none; an RP must run router-sim',
    },
    {
      case: 'rp groups not multicast',
      text: yaml(
        'name: demo',
        'defaults:',
        '  rp: [{ router: r1, groups: 10.0.0.0/8 }]',
        ...LAN,
        'routers:',
        '  r1: { interfaces: [lan1] }',
      ),
      at: '3:30',
      message: 'rp groups 10.0.0.0/8 is not within the multicast range 224.0.0.0/4',
    },
    {
      case: 'rp groups served twice',
      text: yaml(
        'name: demo',
        'defaults:',
        '  rp: [{ router: r1 }, { router: r1, groups: 224.0.0.0/4 }]',
        ...LAN,
        'routers:',
        '  r1: { interfaces: [lan1] }',
      ),
      at: '3:46',
      message: 'rp groups 224.0.0.0/4 is served by another rp already',
    },
    {
      case: 'bad spt threshold',
      text: yaml('name: demo', 'defaults: { spt_threshold: sometimes }', ...LAN),
      at: '2:28',
      message: 'spt_threshold must be immediate, never or a number of packets (got "sometimes")',
    },
    {
      case: 'unreachable network',
      text: yaml(
        'name: demo',
        'networks:',
        '  lan1:',
        '  lan2:',
        '  lan3:',
        'routers:',
        '  r1: { interfaces: [lan1, lan2] }',
        '  r2: { interfaces: [lan3] }',
      ),
      at: '5:3',
      message: 'network lan3 is unreachable: no chain of routers connects it to lan1',
    },
    {
      case: 'hosts without a router',
      text: yaml(
        'name: demo',
        ...LAN,
        '  lan2:',
        'routers:',
        '  r1: { interfaces: [lan1] }',
        'hosts:',
        '  h1: { network: lan2 }',
      ),
      at: '4:3',
      message: 'network lan2 has hosts but no router',
    },
  ])('$case', ({ text, at, message }) => {
    const result = parseTopology(text, 'bad.yaml');
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toHaveLength(1);
    expect(`${errors[0]?.line}:${errors[0]?.col}`).toBe(at);
    expect(errors[0]?.message).toContain(message);
    expect(errors[0]?.file).toBe('bad.yaml');
  });

  it('reports every schema error at once with the checks between values, in file order, with dotted paths', () => {
    const text = yaml(
      'name: demo',
      'defaults: { snooping: maybe, igmp_version: 4 }',
      'networks:',
      '  lan1: { snoping: off }',
      'routers:',
      '  r1:',
      '    interfaces: [lan1, { network: lan1, adress: 10.0.0.1 }]',
      'hosts:',
      '  h1:',
    );
    const result = parseTopology(text, 'bad.yaml');
    expect(result.ok ? [] : result.errors.map((e) => `${e.line}:${e.col} ${e.path}`)).toEqual([
      '2:23 defaults.snooping',
      '2:44 defaults.igmp_version',
      '4:11 networks.lan1.snoping',
      '7:35 routers.r1.interfaces[1].network',
      '7:41 routers.r1.interfaces[1].adress',
      '9:3 hosts.h1',
    ]);
  });

  it('reports every cross-reference error at once', () => {
    const text = yaml(
      'name: demo',
      'defaults: { pim: sparse, rp: h1 }',
      'networks:',
      '  lan1: { subnet: 10.1.1.0/24 }',
      '  lan2: { subnet: 10.1.0.0/16 }',
      'routers:',
      '  r1: { interfaces: [lan1, lan2, lan3] }',
      'hosts:',
      '  h1: { network: lan1, address: 10.1.1.0 }',
    );
    const result = parseTopology(text, 'bad.yaml');
    expect(result.ok ? [] : result.errors.map((e) => `${e.line}:${e.col} ${e.message}`)).toEqual([
      '2:30 rp "h1" is not a router; routers: r1',
      '5:19 subnet 10.1.0.0/16 of lan2 overlaps 10.1.1.0/24 of lan1',
      '7:34 unknown network "lan3"; networks: lan1, lan2',
      '9:33 address 10.1.1.0 is the network address of 10.1.1.0/24',
    ]);
  });

  it('treats an empty file as a missing topology', () => {
    const result = parseTopology('', 'empty.yaml');
    expect(result.ok ? [] : result.errors).toEqual([
      { file: 'empty.yaml', line: 1, col: 1, path: '', message: 'topology must be a map (got nothing)' },
    ]);
  });
});
