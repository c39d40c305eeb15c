/**
 * The live view's page: plain HTML, CSS and script, served as one document with nothing fetched from
 * elsewhere. It draws the topology the server sends, colours each network by its data rate from the
 * live stream, lists the groups and where their data goes (a group clicked on is traced on the
 * drawing), shows the node clicked on, and keeps a timeline of protocol events.
 */
export const UI_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>mcast-lab live</title>
<style>
  body { font-family: 'DejaVu Sans', Verdana, Arial, sans-serif; margin: 0; color: #0f172a; font-size: 13px; }
  header { padding: 8px 16px; background: #0f172a; color: #f8fafc; display: flex; gap: 16px; align-items: baseline; }
  header h1 { font-size: 16px; margin: 0; }
  #status { color: #cbd5e1; }
  main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(280px, 2fr); gap: 12px; padding: 12px; }
  section { border: 1px solid #e2e8f0; border-radius: 6px; padding: 8px; overflow: auto; }
  h2 { font-size: 14px; margin: 4px 0 8px; }
  #topology svg { max-width: 100%; height: auto; }
  #topology [data-node], #groups tr[data-group] { cursor: pointer; }
  #topology rect[data-trace] { stroke-width: 4px; }
  #topology rect[data-trace="carries"] { stroke: #dc2626; }
  #topology rect[data-trace="members"] { stroke: #16a34a; }
  #topology rect[data-trace="carries members"] { stroke: #7c3aed; }
  #groups tr[data-selected] { background: #fef3c7; }
  .legend { color: #475569; font-weight: normal; font-size: 12px; }
  table { border-collapse: collapse; width: 100%; }
  td, th { text-align: left; padding: 2px 6px; border-bottom: 1px solid #f1f5f9; vertical-align: top; }
  td.rate { text-align: right; font-variant-numeric: tabular-nums; }
  #events { max-height: 260px; overflow: auto; font-family: monospace; font-size: 12px; }
  pre { font-size: 11px; white-space: pre-wrap; }
</style>
</head>
<body>
<header><h1>mcast-lab live</h1><span id="status">connecting…</span></header>
<main>
  <section><div id="topology"></div></section>
  <section id="node"><h2>Click a router or a host</h2></section>
  <section>
    <h2>Networks (multicast data, packets/s)</h2>
    <table id="networks"><thead><tr><th>network</th><th>data/s</th><th>control/s by type</th></tr></thead><tbody></tbody></table>
  </section>
  <section>
    <h2>Groups: where their data goes now <span class="legend">(click one to trace it: red carries data, green has members, violet both)</span></h2>
    <table id="groups"><thead><tr><th>group</th><th>sources</th><th>data on</th><th>members on</th></tr></thead><tbody></tbody></table>
  </section>
  <section style="grid-column: 1 / -1">
    <h2>Protocol events</h2>
    <ol id="events"></ol>
  </section>
</main>
<script>
const $ = (selector, root = document) => root.querySelector(selector);
const cell = (text, className) => {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
};
const row = (cells, attributes = {}) => {
  const tr = document.createElement('tr');
  for (const [key, value] of Object.entries(attributes)) tr.setAttribute(key, value);
  tr.append(...cells);
  return tr;
};
const subnets = new Map();
let selected;
let tracedGroup;
let groups = [];

fetch('/topology.svg').then((r) => r.text()).then((svg) => {
  $('#topology').innerHTML = svg.replace(/^<\\?xml[^>]*>/, '');
  for (const label of document.querySelectorAll('#topology text[data-network]'))
    subnets.set(label.dataset.network, $('tspan.detail', label)?.textContent ?? '');
  for (const node of document.querySelectorAll('#topology [data-node]'))
    node.addEventListener('click', () => select(node.dataset.node));
});

/** From the idle network blue to red at the busiest network's rate. */
const fill = (share) => {
  const mix = (a, b) => Math.round(a + (b - a) * Math.min(1, Math.max(0, share)));
  return 'rgb(' + mix(0xdb, 0xf8) + ',' + mix(0xea, 0x71) + ',' + mix(0xfe, 0x71) + ')';
};
const controlText = (control) =>
  Object.entries(control).map(([kind, pps]) => kind + ' ' + pps).join(', ');

function update(snapshot) {
  $('#status').textContent = 'live, ' + (snapshot.t / 1000).toFixed(0) + ' s';
  const busiest = Math.max(1, ...snapshot.networks.map((n) => n.dataPps));
  const body = $('#networks tbody');
  body.replaceChildren(
    ...snapshot.networks.map((n) =>
      row([cell(n.network), cell(String(n.dataPps), 'rate'), cell(controlText(n.controlPps))], {
        'data-network': n.network,
        title: controlText(n.controlPps) || 'no control traffic',
      }),
    ),
  );
  for (const n of snapshot.networks) {
    const bar = $('#topology rect[data-network="' + n.network + '"]');
    if (bar) {
      bar.style.fill = fill(n.dataPps / busiest);
      bar.dataset.pps = String(n.dataPps);
      let title = $('title', bar);
      if (!title) bar.append((title = document.createElementNS('http://www.w3.org/2000/svg', 'title')));
      title.textContent = n.network + ': ' + n.dataPps + ' data pkt/s; ' + (controlText(n.controlPps) || 'no control');
    }
    const detail = $('#topology text[data-network="' + n.network + '"] tspan.detail');
    if (detail) detail.textContent = subnets.get(n.network) + ' · ' + n.dataPps + ' pkt/s';
  }
  groups = snapshot.groups;
  $('#groups tbody').replaceChildren(
    ...groups.map((g) => {
      const tr = row([cell(g.group), cell(g.sources.join(', ')), cell(g.networks.join(', ')), cell(g.memberNetworks.join(', '))],
        { 'data-group': g.group });
      tr.addEventListener('click', () => trace(tracedGroup === g.group ? undefined : g.group));
      return tr;
    }),
  );
  trace(tracedGroup);
  const list = $('#events');
  for (const e of snapshot.events ?? []) {
    const item = document.createElement('li');
    item.dataset.machine = e.machine;
    item.textContent =
      new Date(e.wall).toISOString().slice(11, 23) + ' ' + e.node + ' ' + e.machine + (e.key ? ' ' + e.key : '') + ': ' +
      (e.from ? e.from + ' ' : '') + '--' + e.event + '-->' + (e.to ? ' ' + e.to : '');
    list.append(item);
  }
  while (list.children.length > 500) list.firstElementChild.remove();
  list.scrollTop = list.scrollHeight;
  if (selected) void show(selected);
}

/** Marks on the drawing the networks carrying the group's data and those with its members. */
function trace(group) {
  tracedGroup = group;
  const g = groups.find((candidate) => candidate.group === group);
  for (const rect of document.querySelectorAll('#topology rect[data-network]')) {
    const roles = [];
    if (g?.networks.includes(rect.dataset.network)) roles.push('carries');
    if (g?.memberNetworks.includes(rect.dataset.network)) roles.push('members');
    if (roles.length > 0) rect.dataset.trace = roles.join(' ');
    else delete rect.dataset.trace;
  }
  for (const tr of document.querySelectorAll('#groups tr[data-group]'))
    tr.toggleAttribute('data-selected', tr.dataset.group === group);
}

const table = (headers, rows) => {
  const t = document.createElement('table');
  t.append(row(headers.map((h) => { const th = document.createElement('th'); th.textContent = h; return th; })));
  for (const r of rows) t.append(row(r.map((c) => cell(String(c)))));
  return t;
};
const section = (title, content) => {
  const h = document.createElement('h2');
  h.textContent = title;
  return [h, content];
};
const pre = (value) => {
  const p = document.createElement('pre');
  p.textContent = JSON.stringify(value, null, 2);
  return p;
};

async function show(name) {
  const state = await (await fetch('/node/' + name)).json();
  if (selected !== name) return;
  const panel = $('#node');
  const heading = document.createElement('h2');
  heading.textContent = state.kind + ' ' + name;
  if (state.kind === 'router') {
    const mroute = Array.isArray(state.mroute) ? state.mroute : [];
    panel.replaceChildren(
      heading,
      ...section('show mroute', table(['source', 'group', 'iif', 'oifs', 'packets'],
        mroute.map((e) => [e.source, e.group, e.iif, e.oifs.join(', '), e.packets]))),
      ...section('pim neighbors', pre(state['pim-neighbors'])),
      ...section('pim state', pre(state['pim-state'])),
      ...section('igmp', pre(state.igmp)),
    );
    panel.dataset.entries = mroute.map((e) => '(' + e.source + ',' + e.group + ')').join(' ');
  } else {
    panel.replaceChildren(
      heading,
      ...section('groups', pre(state.stats?.groups ?? state.stats)),
      ...section('last deliveries', table(['group', 'sender', 'seq', 'view'],
        state.deliveries.map((d) => [d.group, d.sender, d.seq, d.view ?? '']))),
    );
  }
}
function select(name) {
  selected = name;
  void show(name);
}

const live = new EventSource('/live');
live.onmessage = (message) => update(JSON.parse(message.data));
live.addEventListener('failure', (message) => { $('#status').textContent = 'lab unreachable: ' + JSON.parse(message.data).message; });
// A lab that went away and another served in its place (the demo's next mode): start over with it.
let lost = false;
live.onopen = () => { if (lost) location.reload(); };
live.onerror = () => { lost = true; $('#status').textContent = 'disconnected, retrying…'; };
</script>
</body>
</html>
`;
