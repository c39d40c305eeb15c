import type { LabPlan } from '../topology/plan.js';
import { type LabEdge, type LabVertex, type NetworkVertex, toLabGraph } from './graph-model.js';
import { type Box, type LabLayout, layOutLabGraph, type PlacedEdge, type Size } from './layout.js';
import { escapeXml } from './xml.js';

/**
 * Renders a lab plan as a standalone SVG 1.1 picture: networks as wide rounded bars, routers as circles, hosts
 * as rectangles, interfaces as lines labelled with their addresses, and a legend below. Networks and nodes
 * carry their names (`data-network`, `data-node`), so the live view can find them.
 */

const NAME_SIZE = 13;
const DETAIL_SIZE = 11;
const HEADING_SIZE = 16;
const HEADING_HEIGHT = 36;
const LEGEND_HEIGHT = 36;
/** Width of what `drawLegend` draws. */
const LEGEND_WIDTH = 360;
const MARGIN = 16;
/** Text is measured, not rendered: an average glyph width generous enough for DejaVu Sans, Verdana and Arial. */
const GLYPH_WIDTH = 0.62;
const BOLD_GLYPH_WIDTH = 0.68;
const SUBNET_GAP = 8;

const STYLE = `
text { font-family: 'DejaVu Sans', Verdana, Arial, sans-serif; font-size: ${NAME_SIZE}px; fill: #0f172a; text-anchor: middle; }
.name { font-weight: bold; }
.detail { font-size: ${DETAIL_SIZE}px; fill: #334155; }
.heading { font-size: ${HEADING_SIZE}px; font-weight: bold; text-anchor: start; }
.legend text { text-anchor: start; }
.network { fill: #dbeafe; stroke: #1d4ed8; stroke-width: 1.5; }
.router { fill: #ffedd5; stroke: #c2410c; stroke-width: 1.5; }
.host { fill: #dcfce7; stroke: #15803d; stroke-width: 1.5; }
.link { fill: none; stroke: #64748b; stroke-width: 1.5; }
.address { fill: #ffffff; stroke: #cbd5e1; stroke-width: 1; }
`;

/** Per-network figures drawn over the topology: a label after the subnet, and a share of the heaviest load. */
export interface NetworkLoad {
  /** Shown in the heading after the lab's name. */
  caption: string;
  networks: Record<string, { label: string; share: number }>;
}

export function toSvg(plan: LabPlan, load?: NetworkLoad): string {
  const diagram = layOutLabGraph(toLabGraph(plan), {
    vertex: (vertex) => vertexSize(vertex, load),
    edgeLabel: addressSize,
  });
  const heading = load ? `${plan.name}: ${load.caption}` : plan.name;
  const headingWidth = textWidth(heading, HEADING_SIZE, true);
  const width = Math.ceil(Math.max(diagram.width, MARGIN * 2 + Math.max(headingWidth, LEGEND_WIDTH)));
  const height = Math.ceil(HEADING_HEIGHT + diagram.height + LEGEND_HEIGHT);
  const content = [
    element('title', {}, escapeXml(`mcast-lab topology: ${plan.name}`)),
    element('style', { type: 'text/css' }, STYLE),
    element('rect', { width, height, fill: '#ffffff' }),
    element('text', { class: 'heading', x: MARGIN, y: MARGIN + HEADING_SIZE }, escapeXml(heading)),
    element(
      'g',
      { class: 'diagram', transform: `translate(${num((width - diagram.width) / 2)} ${HEADING_HEIGHT})` },
      drawDiagram(diagram, load),
    ),
    element(
      'g',
      { class: 'legend', transform: `translate(${MARGIN} ${num(HEADING_HEIGHT + diagram.height)})` },
      drawLegend(),
    ),
  ];
  const svg = element(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', version: '1.1', width, height, viewBox: `0 0 ${width} ${height}` },
    `\n${content.join('\n')}\n`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`;
}

/** What a network bar says after its name: its subnet, and its load when one is drawn. */
function networkDetail(vertex: NetworkVertex, load?: NetworkLoad): string {
  const figure = load?.networks[vertex.name]?.label;
  return figure === undefined ? vertex.subnet : `${vertex.subnet} · ${figure}`;
}

function vertexSize(vertex: LabVertex, load?: NetworkLoad): Size {
  switch (vertex.kind) {
    case 'network': {
      const label =
        textWidth(vertex.name, NAME_SIZE, true) +
        SUBNET_GAP +
        textWidth(networkDetail(vertex, load), DETAIL_SIZE);
      return { width: label + 40, height: 30 };
    }
    case 'router': {
      const diameter = Math.max(52, textWidth(vertex.name, NAME_SIZE, true) + 12);
      return { width: diameter, height: diameter };
    }
    case 'host':
      return { width: Math.max(76, textWidth(vertex.name, NAME_SIZE, true) + 24), height: 34 };
  }
}

function addressSize(edge: LabEdge): Size {
  return { width: textWidth(edge.address, DETAIL_SIZE) + 10, height: DETAIL_SIZE + 7 };
}

function textWidth(text: string, size: number, bold = false): number {
  return text.length * size * (bold ? BOLD_GLYPH_WIDTH : GLYPH_WIDTH);
}

function drawDiagram(diagram: LabLayout, load?: NetworkLoad): string {
  return [
    ...diagram.edges.map(drawEdge),
    ...diagram.vertices.map(({ vertex, box }) => drawVertex(vertex, box, load)),
  ].join('\n');
}

/** From the idle network blue to red at the heaviest load. */
function loadFill(share: number): string {
  const mix = (from: number, to: number) => Math.round(from + (to - from) * Math.min(1, Math.max(0, share)));
  const hex = (value: number) => value.toString(16).padStart(2, '0');
  return `#${hex(mix(0xdb, 0xf8))}${hex(mix(0xea, 0x71))}${hex(mix(0xfe, 0x71))}`;
}

function drawEdge({ edge, points, label }: PlacedEdge): string {
  const size = addressSize(edge);
  return [
    element('polyline', { class: 'link', points: points.map(({ x, y }) => `${num(x)},${num(y)}`).join(' ') }),
    element('rect', {
      class: 'address',
      x: label.x - size.width / 2,
      y: label.y - size.height / 2,
      width: size.width,
      height: size.height,
      rx: 3,
    }),
    textAt(label.x, label.y, DETAIL_SIZE, { class: 'detail' }, escapeXml(edge.address)),
  ].join('\n');
}

function drawVertex(vertex: LabVertex, box: Box, load?: NetworkLoad): string {
  const left = box.x - box.width / 2;
  const top = box.y - box.height / 2;
  const name = escapeXml(vertex.name);
  switch (vertex.kind) {
    case 'network': {
      const bar = {
        class: 'network',
        'data-network': vertex.name,
        x: left,
        y: top,
        width: box.width,
        height: box.height,
        rx: box.height / 2,
        // A style, not a fill attribute: the stylesheet's class rule would win over an attribute.
        ...(load ? { style: `fill: ${loadFill(load.networks[vertex.name]?.share ?? 0)}` } : {}),
      };
      const label = `<tspan class="name">${name}</tspan><tspan class="detail" dx="${SUBNET_GAP}">${escapeXml(networkDetail(vertex, load))}</tspan>`;
      return `${element('rect', bar)}\n${textAt(box.x, box.y, NAME_SIZE, { 'data-network': vertex.name }, label)}`;
    }
    case 'router': {
      const circle = { class: 'router', 'data-node': vertex.name, cx: box.x, cy: box.y, r: box.width / 2 };
      return `${element('circle', circle)}\n${textAt(box.x, box.y, NAME_SIZE, { class: 'name', 'data-node': vertex.name }, name)}`;
    }
    case 'host': {
      const rect = {
        class: 'host',
        'data-node': vertex.name,
        x: left,
        y: top,
        width: box.width,
        height: box.height,
        rx: 4,
      };
      return `${element('rect', rect)}\n${textAt(box.x, box.y, NAME_SIZE, { class: 'name', 'data-node': vertex.name }, name)}`;
    }
  }
}

function drawLegend(): string {
  const y = LEGEND_HEIGHT / 2;
  const entry = (x: number, label: string) =>
    element('text', { class: 'detail', x, y: baseline(y, DETAIL_SIZE) }, label);
  return [
    element('circle', { class: 'router', cx: 9, cy: y, r: 9 }),
    entry(24, 'router'),
    element('rect', { class: 'host', x: 80, y: y - 8, width: 26, height: 16, rx: 3 }),
    entry(112, 'host'),
    element('rect', { class: 'network', x: 160, y: y - 6, width: 40, height: 12, rx: 6 }),
    entry(206, 'network'),
    element('line', { class: 'link', x1: 270, y1: y, x2: 290, y2: y }),
    entry(296, 'interface'),
  ].join('\n');
}

/** A line of text, already escaped, centred on (x, y). */
function textAt(x: number, y: number, size: number, attributes: Attributes, content: string): string {
  return element('text', { ...attributes, x, y: baseline(y, size) }, content);
}

/** Baseline that centres a line of text of this size vertically on y. */
function baseline(y: number, size: number): number {
  return y + size * 0.35;
}

type Attributes = Record<string, string | number>;

/** An element; attribute values are escaped here, content must already be markup. */
function element(name: string, attributes: Attributes, content?: string): string {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${typeof value === 'number' ? num(value) : escapeXml(value)}"`)
    .join('');
  return content === undefined ? `<${name}${attrs}/>` : `<${name}${attrs}>${content}</${name}>`;
}

/** Coordinates rounded to a tenth: short, and identical from run to run. */
function num(value: number): string {
  return String(Math.round(value * 10) / 10);
}
