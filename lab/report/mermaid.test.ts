import { describe, expect, it } from 'vitest';
import { toMermaid } from './mermaid.js';
import { campusPlan, renamed } from './test-fixture.js';

describe('toMermaid', () => {
  const chart = toMermaid(campusPlan);
  const lines = chart.trimEnd().split('\n');

  it('is a left-to-right flowchart', () => {
    expect(lines[0]).toBe('graph LR');
  });

  it('draws networks as stadiums with their subnets, routers as circles, hosts as rectangles', () => {
    expect(lines).toContain('  net_core(["core<br/>10.100.0.0/24"])');
    expect(lines).toContain('  net_lan1(["lan1<br/>10.100.1.0/24"])');
    expect(lines).toContain('  net_lan2(["lan2<br/>10.100.2.0/24"])');
    expect(lines).toContain('  router_r1(("r1<br/>router"))');
    expect(lines).toContain('  router_r2(("r2<br/>router"))');
    for (const host of ['h1', 'h2', 'h3', 'h4'])
      expect(lines).toContain(`  host_${host}["${host}<br/>host"]`);
  });

  it('links every interface, labelled with its address', () => {
    const links = lines.filter((line) => line.includes('---'));
    expect(links).toHaveLength(8);
    expect(links).toContain('  router_r1 ---|"10.100.0.2"| net_core');
    expect(links).toContain('  router_r2 ---|"10.100.2.2"| net_lan2');
    expect(links).toContain('  host_h4 ---|"10.100.2.11"| net_lan2');
  });

  it('colours each kind through a class', () => {
    expect(lines).toContain('  classDef network fill:#dbeafe,stroke:#1d4ed8,color:#1e3a8a');
    expect(lines.filter((line) => line.startsWith('  classDef '))).toHaveLength(3);
    expect(lines).toContain('  class net_core,net_lan1,net_lan2 network');
    expect(lines).toContain('  class router_r1,router_r2 router');
    expect(lines).toContain('  class host_h1,host_h2,host_h3,host_h4 host');
  });

  it('sanitises ids, keeping apart names that sanitise alike', () => {
    const lines = toMermaid(renamed(campusPlan, { lan1: 'lan-1', lan2: 'lan.1', h1: 'end' })).split('\n');
    expect(lines).toContain('  net_lan_1(["lan-1<br/>10.100.1.0/24"])');
    expect(lines).toContain('  net_lan_1_2(["lan.1<br/>10.100.2.0/24"])');
    expect(lines).toContain('  host_end ---|"10.100.1.10"| net_lan_1');
    expect(lines).toContain('  host_h3 ---|"10.100.2.10"| net_lan_1_2');
  });

  it('escapes label text Mermaid would interpret', () => {
    const chart = toMermaid(renamed(campusPlan, { h1: 'a<b>&"c"#|`' }));
    expect(chart).toContain('  host_a_b___c____["a#60;b#62;#38;#34;c#34;#35;#124;#96;<br/>host"]');
  });
});
