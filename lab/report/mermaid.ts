import type { LabPlan } from '../topology/plan.js';
import { type LabVertex, toLabGraph } from './graph-model.js';

/** Renders a lab plan as a Mermaid flowchart: networks as stadiums, routers as circles, hosts as rectangles. */

const ID_PREFIX: Record<LabVertex['kind'], string> = { network: 'net_', router: 'router_', host: 'host_' };

const CLASS_DEFS: Record<LabVertex['kind'], string> = {
  network: 'fill:#dbeafe,stroke:#1d4ed8,color:#1e3a8a',
  router: 'fill:#ffedd5,stroke:#c2410c,color:#7c2d12',
  host: 'fill:#dcfce7,stroke:#15803d,color:#14532d',
};

export function toMermaid(plan: LabPlan): string {
  const graph = toLabGraph(plan);
  const ids = mermaidIds(graph.vertices);
  const idOf = (vertexId: string): string => ids.get(vertexId) ?? vertexId;
  const lines = ['graph LR'];
  for (const vertex of graph.vertices) {
    lines.push(`  ${idOf(vertex.id)}${shape(vertex)}`);
  }
  for (const edge of graph.edges) {
    lines.push(`  ${idOf(edge.node)} ---|"${text(edge.address)}"| ${idOf(edge.network)}`);
  }
  for (const [kind, style] of Object.entries(CLASS_DEFS)) {
    const members = graph.vertices.filter((vertex) => vertex.kind === kind).map((vertex) => idOf(vertex.id));
    lines.push(`  classDef ${kind} ${style}`);
    if (members.length > 0) lines.push(`  class ${members.join(',')} ${kind}`);
  }
  return `${lines.join('\n')}\n`;
}

function shape(vertex: LabVertex): string {
  const name = text(vertex.name);
  switch (vertex.kind) {
    case 'network':
      return `(["${name}<br/>${text(vertex.subnet)}"])`;
    case 'router':
      return `(("${name}<br/>router"))`;
    case 'host':
      return `["${name}<br/>host"]`;
  }
}

/** Mermaid ids are letters, digits and `_`; two names that sanitise alike get numbered apart. */
function mermaidIds(vertices: LabVertex[]): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const vertex of vertices) {
    const base = ID_PREFIX[vertex.kind] + vertex.name.replace(/[^A-Za-z0-9_]/g, '_');
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    taken.add(id);
    ids.set(vertex.id, id);
  }
  return ids;
}

/** Text inside a quoted Mermaid label: characters Mermaid or its HTML labels would interpret become entity codes. */
function text(value: string): string {
  return value.replace(/["#&<>`|]/g, (char) => `#${char.charCodeAt(0)};`);
}
