import { test } from 'vitest';
import { parseTopology } from './parse.js';

const cases: Record<string, string> = {
  indent: 'name: demo\nnetworks:\n  lan1:\n   subnet: 10.1.1.0/24\n  bad\n',
  unknownTop: 'name: demo\nnetworkz: {}\nnetworks:\n  lan1:\n',
  unknownNested: 'name: demo\nnetworks:\n  lan1: { subnet: 10.1.1.0/24, snoping: off }\n',
  enum: 'name: demo\ndefaults:\n  pim: spares\nnetworks:\n  lan1:\n',
  badSubnet: 'name: demo\nnetworks:\n  lan1: { subnet: 10.1.1/24 }\n',
  hostBits: 'name: demo\nnetworks:\n  lan1: { subnet: 10.1.1.5/24 }\n',
  unknownNet: 'name: demo\nnetworks:\n  lan1:\nrouters:\n  r1:\n    interfaces: [lan1, lan9]\n',
  dupName:
    'name: demo\nnetworks:\n  lan1:\nrouters:\n  r1: { interfaces: [lan1] }\nhosts:\n  r1: { network: lan1 }\n',
  dupAddr:
    'name: demo\nnetworks:\n  lan1: { subnet: 10.1.1.0/24 }\nrouters:\n  r1: { interfaces: [lan1] }\nhosts:\n  h1: { network: lan1, address: 10.1.1.9 }\n  h2: { network: lan1, address: 10.1.1.9 }\n',
  outside:
    'name: demo\nnetworks:\n  lan1: { subnet: 10.1.1.0/24 }\nhosts:\n  h1: { network: lan1, address: 10.1.2.9 }\n',
  gateway:
    'name: demo\nnetworks:\n  lan1: { subnet: 10.1.1.0/24 }\nhosts:\n  h1: { network: lan1, address: 10.1.1.1 }\n',
  overlap:
    'name: demo\nnetworks:\n  lan1: { subnet: 10.1.0.0/16 }\n  lan2: { subnet: 10.1.1.0/24 }\nrouters:\n  r1: { interfaces: [lan1, lan2] }\n',
  rp: 'name: demo\ndefaults:\n  pim: sparse\n  rp: r9\nnetworks:\n  lan1:\nrouters:\n  r1: { interfaces: [lan1] }\n',
  unreachable:
    'name: demo\nnetworks:\n  lan1:\n  lan2:\n  lan3:\nrouters:\n  r1: { interfaces: [lan1, lan2] }\n  r2: { interfaces: [lan3] }\n',
  noRouter:
    'name: demo\nnetworks:\n  lan1:\n  lan2:\nrouters:\n  r1: { interfaces: [lan1] }\nhosts:\n  h1: { network: lan2 }\n',
  missingName: '# x\nnetworks:\n  lan1:\n',
  dupKey: 'name: demo\nnetworks:\n  lan1:\n  lan1:\n',
  missingIfaces: 'name: demo\nnetworks:\n  lan1:\nrouters:\n  r1:\n    foo: 1\n',
  badName: 'name: Demo\nnetworks:\n  LAN1:\n',
  badIface:
    'name: demo\nnetworks:\n  lan1:\nrouters:\n  r1:\n    interfaces: [lan1, 42, { network: lan1, adress: x }]\n',
  types: 'name: demo\ndefaults: []\nnetworks: 3\nhosts:\n  h1:\n',
  empty: '',
  snoop:
    'name: demo\ndefaults: { snooping: maybe, igmp_version: 4, subnet_pool: 10.0.0.0/25 }\nnetworks:\n  lan1: {}\n',
  fixedNoSubnet: 'name: demo\nnetworks:\n  lan1:\nhosts:\n  h1: { network: lan1, address: 10.1.1.9 }\n',
  small:
    'name: demo\nnetworks:\n  lan1: { subnet: 10.1.1.0/30 }\nrouters:\n  r1: { interfaces: [lan1] }\nhosts:\n  h1: { network: lan1 }\n',
  twoIf: 'name: demo\nnetworks:\n  lan1:\nrouters:\n  r1: { interfaces: [lan1, { network: lan1 }] }\n',
  rpNotSparse: 'name: demo\ndefaults: { pim: dense, rp: r1 }\nnetworks:\n  lan1:\n',
  sparseNoRp: 'name: demo\ndefaults: { pim: sparse }\nnetworks:\n  lan1:\n',
};
test('print', () => {
  for (const [k, v] of Object.entries(cases)) {
    const r = parseTopology(v, 'x.yaml');
    console.log(
      k,
      r.ok ? 'OK' : r.errors.map((e) => `\n   ${e.line}:${e.col} [${e.path}] ${e.message}`).join(''),
    );
  }
});
