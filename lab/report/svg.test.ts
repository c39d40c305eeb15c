import { describe, expect, it } from 'vitest';
import type { LabPlan } from '../topology/plan.js';
import { toSvg } from './svg.js';
import { campusPlan, iface, node, renamed } from './test-fixture.js';

interface XmlElement {
  name: string;
  attributes: Map<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const CHARS = `(?:[^"<&]|&(?:${Object.keys(ENTITIES).join('|')});)`;
/** The XML declaration, a start, end or empty-element tag, or character data. */
const TOKEN = [
  '<\\?xml[^?]*\\?>',
  `<(/?)([A-Za-z][\\w.-]*)((?:\\s+[A-Za-z][\\w.-]*="${CHARS}*")*)\\s*(/?)>`,
  `(${CHARS.replace('"', '')}+)`,
].join('|');

const decode = (text: string): string => text.replace(/&(\w+);/g, (_, name: string) => ENTITIES[name] ?? '');

/** A strict reader for the XML toSvg writes: throws on unbalanced tags, raw `<` or `&`, or anything unexpected. */
function parseXml(xml: string): XmlElement {
  const document: XmlElement = { name: '#document', attributes: new Map(), children: [], text: '' };
  const open = [document];
  const token = new RegExp(TOKEN, 'y');
  while (token.lastIndex < xml.length) {
    const at = token.lastIndex;
    const match = token.exec(xml);
    const parent = open.at(-1);
    if (match === null || parent === undefined)
      throw new Error(`not well-formed at ${at}: ${xml.slice(at, at + 30)}`);
    const [, closing, name, attributes = '', selfClosing, text] = match;
    if (text !== undefined) {
      parent.text += decode(text);
    } else if (name !== undefined && closing) {
      if (parent.name !== name || attributes || selfClosing)
        throw new Error(`unexpected </${name}> at ${at}`);
      open.pop();
    } else if (name !== undefined) {
      const element: XmlElement = { name, attributes: new Map(), children: [], text: '' };
      for (const [, key = '', value = ''] of attributes.matchAll(/([\w.-]+)="([^"]*)"/g)) {
        if (element.attributes.has(key)) throw new Error(`duplicate attribute ${key} at ${at}`);
        element.attributes.set(key, decode(value));
      }
      parent.children.push(element);
      if (!selfClosing) open.push(element);
    }
  }
  const [root, ...more] = document.children;
  if (open.length !== 1 || root === undefined || more.length > 0 || document.text.trim() !== '') {
    throw new Error('not a single root element');
  }
  return root;
}

function descendants(element: XmlElement): XmlElement[] {
  return element.children.flatMap((child) => [child, ...descendants(child)]);
}

const texts = (element: XmlElement): string[] => descendants(element).map((child) => child.text);

const number = (element: XmlElement, name: string): number => Number(element.attributes.get(name));

interface Extent {
  label: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Extents of the diagram's shapes, in the SVG's coordinates. */
function shapes(svg: XmlElement): Extent[] {
  const diagram = svg.children.find((child) => child.attributes.get('class') === 'diagram');
  const [, dx = 0, dy = 0] =
    /translate\(([\d.-]+) ([\d.-]+)\)/.exec(diagram?.attributes.get('transform') ?? '') ?? [];
  return (diagram?.children ?? []).flatMap((shape): Extent[] => {
    const label = `${shape.attributes.get('class')} ${shape.name}`;
    if (!['network', 'router', 'host', 'address'].includes(shape.attributes.get('class') ?? '')) return [];
    if (shape.name === 'circle') {
      const [x, y, r] = [
        number(shape, 'cx') + Number(dx),
        number(shape, 'cy') + Number(dy),
        number(shape, 'r'),
      ];
      return [{ label, left: x - r, top: y - r, right: x + r, bottom: y + r }];
    }
    const [x, y] = [number(shape, 'x') + Number(dx), number(shape, 'y') + Number(dy)];
    return [
      { label, left: x, top: y, right: x + number(shape, 'width'), bottom: y + number(shape, 'height') },
    ];
  });
}

const overlap = (a: Extent, b: Extent): boolean =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** The campus lab made harder: a router closing a loop, a busy LAN, a lab part of its own, long names. */
const tangledPlan: LabPlan = {
  ...renamed(campusPlan, { r1: 'border-router-01' }),
  networks: [
    ...campusPlan.networks,
    {
      name: 'island',
      subnet: '10.100.9.0/24',
      gateway: '10.100.9.1',
      bridge: 'ml-campus-island',
      snooping: true,
    },
  ],
  nodes: [
    ...renamed(campusPlan, { r1: 'border-router-01' }).nodes,
    node('r3', 'router', [iface('lan1', '10.100.1.3'), iface('lan2', '10.100.2.3')]),
    ...['h5', 'h6', 'a-rather-long-host-name'].map((name, i) =>
      node(name, 'host', [iface('lan2', `10.100.2.${20 + i}`)]),
    ),
    node('h9', 'host', [iface('island', '10.100.9.10')]),
  ],
};

describe('parseXml', () => {
  it('rejects markup that is not well-formed', () => {
    expect(() => parseXml('<svg><g></svg></g>')).toThrow('unexpected </svg>');
    expect(() => parseXml('<svg><g></svg>')).toThrow('unexpected </svg>');
    expect(() => parseXml('<svg><text>a & b</text></svg>')).toThrow('not well-formed');
    expect(() => parseXml('<svg><text>a < b</text></svg>')).toThrow('not well-formed');
    expect(() => parseXml('<svg a="1" a="2"/>')).toThrow('duplicate attribute a');
    expect(() => parseXml('<svg/><svg/>')).toThrow('not a single root element');
  });
});

describe('toSvg', () => {
  const source = toSvg(campusPlan);
  const svg = parseXml(source);

  it('is a well-formed, self-contained SVG 1.1 document', () => {
    expect(source.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')).toBe(true);
    expect(svg.name).toBe('svg');
    expect(svg.attributes.get('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(svg.attributes.get('version')).toBe('1.1');
    const [width, height] = [number(svg, 'width'), number(svg, 'height')];
    expect(width).toBeGreaterThan(0);
    expect(height).toBeGreaterThan(0);
    expect(svg.attributes.get('viewBox')).toBe(`0 0 ${width} ${height}`);
    expect(svg.children[0]).toMatchObject({ name: 'title', text: 'mcast-lab topology: campus' });
  });

  it('shows every network with its subnet, every node, and every interface address', () => {
    const shown = texts(svg);
    for (const { name, subnet } of campusPlan.networks)
      expect(shown).toEqual(expect.arrayContaining([name, subnet]));
    for (const { name, interfaces } of campusPlan.nodes) {
      expect(shown).toContain(name);
      for (const { address } of interfaces) expect(shown).toContain(address);
    }
  });

  it('draws a shape per network, router and host, and an address label per interface', () => {
    const count = (label: string) => shapes(svg).filter((shape) => shape.label === label).length;
    expect(count('network rect')).toBe(3);
    expect(count('router circle')).toBe(2);
    expect(count('host rect')).toBe(4);
    expect(count('address rect')).toBe(8);
  });

  it('places shapes and labels inside the picture without overlaps', () => {
    const all = shapes(svg);
    for (const shape of all) {
      expect(shape.left).toBeGreaterThanOrEqual(0);
      expect(shape.top).toBeGreaterThanOrEqual(0);
      expect(shape.right).toBeLessThanOrEqual(number(svg, 'width'));
      expect(shape.bottom).toBeLessThanOrEqual(number(svg, 'height'));
    }
    const clashes = all.flatMap((a, i) =>
      all
        .slice(i + 1)
        .filter((b) => overlap(a, b))
        .map((b) => [a, b]),
    );
    expect(clashes).toEqual([]);
  });

  it('keeps a tangled lab free of overlaps too', () => {
    const svg = parseXml(toSvg(tangledPlan));
    const all = shapes(svg);
    expect(all.filter((shape) => shape.label === 'host rect')).toHaveLength(8);
    expect(all.flatMap((a, i) => all.slice(i + 1).filter((b) => overlap(a, b)))).toEqual([]);
    expect(texts(svg)).toEqual(
      expect.arrayContaining(['border-router-01', 'a-rather-long-host-name', 'island']),
    );
  });

  it('escapes names that are markup', () => {
    const names = { campus: '<lab & co>', lan1: 'lan<&>1', h1: `h"1'<b>` };
    const source = toSvg(renamed(campusPlan, names));
    const shown = texts(parseXml(source));
    for (const name of Object.values(names)) expect(shown).toContain(name);
    expect(source).toContain('lan&lt;&amp;&gt;1');
    expect(source).not.toContain('<&>');
  });

  it('renders the same plan to the same text', () => {
    expect(toSvg(structuredClone(campusPlan) as LabPlan)).toBe(source);
  });
});
