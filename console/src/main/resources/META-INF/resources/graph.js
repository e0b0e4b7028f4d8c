// The reference graph of one VNET, drawn left to right as the references run:
// jail → VNET → interfaces (with their addresses) → nexthops → routes, and the VNET's RIBs. The edges that make
// the cycle vnet_shutdown breaks are drawn and labelled: a tunnel's route cache (tunnel → nexthop), a nexthop's
// reference on its interface (nexthop → interface) and a tunnel's RIB subscription (tunnel → RIB). Reference
// faults (what the legacy teardown leaves) are drawn as red nodes tied to the objects they name.
import cytoscape from '/webjars/cytoscape/dist/cytoscape.esm.min.mjs';

// The kinds of edges, in the order the legend shows them; the cycle's three first.
export const EDGE_KINDS = [
  ['tunnel_cache', 'tunnel → nexthop (route cache)'],
  ['nh_ifp', 'nexthop → interface (nh_ifp reference)'],
  ['subscription', 'tunnel → RIB (rib_subscribe)'],
  ['route', 'route → nexthop'],
  ['ifnet', 'VNET → interface'],
  ['rib', 'VNET → RIB'],
  ['prison', 'jail → VNET'],
  ['fault', 'reference fault → object'],
];

const COLUMN = { jail: 0, vnet: 1, interface: 2, nexthop: 3, rib: 3, route: 4, fault: 5, ghost: 4 };
const COLUMN_WIDTH = 230;
const CHAR_WIDTH = 6.1;
const LINE_HEIGHT = 12.5;
const PADDING = 7;
const ROW = { route: 34, default: 78 };

// Objects of the audit ledgers' names: ifnet:5, nhop:vnet3/17, tunnel:vnet3/7, rib:vnet3/0/INET.
const LEDGER_NAME = /\b(ifnet:\d+|nhop:[\w-]+\/\d+|tunnel:[\w-]+\/\d+|rib:[\w-]+\/\d+\/\w+)/g;

/** The elements (nodes and edges) of a VNET's graph, with the faults recorded for that VNET. */
export function elementsOf(graph, faults) {
  const vnetId = graph.vnet.vnetId;
  const nodes = [];
  const edges = [];
  const node = (id, type, label, extra = {}) => nodes.push({ group: 'nodes', data: { id, type, label, ...labelSize(label), ...extra } });
  const edge = (source, target, kind, label) =>
    edges.push({ group: 'edges', data: { id: `${kind}:${source}->${target}`, source, target, kind, label } });

  const vnetNode = `vnet:${vnetId}`;
  node(vnetNode, 'vnet', `${vnetId}\n${graph.vnet.state}${graph.vnet.teardown === 'legacy' ? '\n(legacy teardown)' : ''}`,
    { state: graph.vnet.state });
  const jid = graph.jail ? graph.jail.jid : graph.vnet.jid;
  if (jid != null) {
    const jail = graph.jail;
    node(`jail:${jid}`, 'jail', jail
      ? `jail ${jid} ${jail.name}\n${jail.state}\npr_uref ${jail.userRefs} · pr_ref ${jail.refs}`
      : `jail ${jid}\nfreed`, { state: jail ? jail.state : 'FREED' });
    edge(`jail:${jid}`, vnetNode, 'prison', 'vnet');
  }
  for (const rib of graph.ribs) {
    const id = ribId(vnetId, rib.fib, rib.family);
    node(id, 'rib', `RIB fib ${rib.fib} ${rib.family.toLowerCase()}`);
    edge(vnetNode, id, 'rib', 'rtables');
  }
  const byIndex = new Map();
  for (const ifp of graph.interfaces) {
    const id = `ifnet:${ifp.index}`;
    byIndex.set(ifp.index, id);
    const lines = [ifp.name, ...(ifp.addresses || [])];
    if (ifp.state === 'TOMBSTONE') lines.push('tombstone');
    node(id, 'interface', lines.join('\n'), { kind: ifp.kind, state: ifp.state });
    edge(vnetNode, id, 'ifnet', 'if_vnet');
  }
  for (const nh of graph.nexthops) {
    const id = `nhop:${vnetId}/${nh.id}`;
    node(id, 'nexthop', `nhop ${nh.id}\n${nh.gateway ? 'gw ' + nh.gateway : 'direct'} · ${nh.interface}\nrefcount ${nh.refcount}`);
    const ifp = byIndex.get(nh.ifIndex) || ghost(nodes, `ifnet:${nh.ifIndex}`, `${nh.interface} (not in ${vnetId})`);
    edge(id, ifp, 'nh_ifp', 'nh_ifp ref');
  }
  const nexthop = (nhopId) => `nhop:${vnetId}/${nhopId}`;
  const hasNode = (id) => nodes.some((n) => n.data.id === id);
  for (const route of graph.routes) {
    const id = `route:${route.fib}/${route.family}/${route.destination}`;
    node(id, 'route', `${route.destination} ${route.flags}`);
    edge(id, hasNode(nexthop(route.nhopId)) ? nexthop(route.nhopId)
      : ghost(nodes, nexthop(route.nhopId), `nhop ${route.nhopId}`), 'route', 'rt_nhop');
  }
  for (const ifp of graph.interfaces) {
    const cache = ifp.tunnel && ifp.tunnel.cache;
    if (cache) {
      const target = hasNode(nexthop(cache.nhopId)) ? nexthop(cache.nhopId) : ghost(nodes, nexthop(cache.nhopId), `nhop ${cache.nhopId}`);
      edge(`ifnet:${ifp.index}`, target, 'tunnel_cache', 'route cache');
    }
  }
  for (const sub of graph.subscriptions) {
    const tunnel = byIndex.get(sub.subscriberIndex) || ghost(nodes, `ifnet:${sub.subscriberIndex}`, sub.subscriber);
    const rib = ribId(vnetId, sub.fib, sub.family);
    edge(tunnel, hasNode(rib) ? rib : ghost(nodes, rib, `RIB fib ${sub.fib} ${sub.family.toLowerCase()}`),
      'subscription', 'rib_subscribe');
  }
  faults.forEach((fault, i) => {
    const id = `fault:${vnetId}/${i}`;
    node(id, 'fault', `${fault.service}\n${wrap(fault.description, 34)}`);
    for (const named of new Set(fault.description.match(LEDGER_NAME) || [])) {
      const target = named.startsWith('tunnel:') ? tunnelNode(named) : named;
      edge(id, hasNode(target) ? target : ghost(nodes, target, `${named}\nfreed`), 'fault', 'fault');
    }
  });
  return [...nodes, ...edges];
}

/** A tunnel is named tunnel:vnet/index by the ledgers, and drawn as its interface. */
function tunnelNode(named) {
  return `ifnet:${named.split('/')[1]}`;
}

function ribId(vnetId, fib, family) {
  return `rib:${vnetId}/${fib}/${family}`;
}

/** An object something still refers to that is not (or no longer) there: drawn dashed, so the dangling edge shows. */
function ghost(nodes, id, label) {
  if (!nodes.some((n) => n.data.id === id)) {
    nodes.push({ group: 'nodes', data: { id, type: 'ghost', label, ...labelSize(label) } });
  }
  return id;
}

/** A node as large as its label, in the monospace font the labels are drawn in. */
export function labelSize(label) {
  const lines = label.split('\n');
  return { w: Math.max(...lines.map((line) => line.length)) * CHAR_WIDTH + 2 * PADDING,
    h: lines.length * LINE_HEIGHT + 2 * PADDING };
}

function wrap(text, width) {
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines.join('\n');
}

/** Each node's place: a column per type, the nodes of a column one under the other, centred. */
export function positionsOf(elements) {
  const columns = new Map();
  // the RIBs share the nexthops' column, under them: the subscription edge then runs down from the tunnel
  const nodes = elements.filter((e) => e.group === 'nodes');
  for (const el of [...nodes.filter((n) => n.data.type !== 'rib'), ...nodes.filter((n) => n.data.type === 'rib')]) {
    const column = COLUMN[el.data.type];
    if (!columns.has(column)) columns.set(column, []);
    columns.get(column).push(el);
  }
  const positions = new Map();
  for (const [column, members] of columns) {
    let y = 0;
    const placed = members.map((el) => {
      const at = y;
      y += ROW[el.data.type] || ROW.default;
      return [el.data.id, at];
    });
    placed.forEach(([id, at]) => positions.set(id, { x: column * COLUMN_WIDTH, y: at - y / 2 }));
  }
  return positions;
}

/** How many edges of each kind the elements hold (what is drawn as gone does not count). */
export function edgeCounts(elements) {
  const counts = Object.fromEntries(EDGE_KINDS.map(([kind]) => [kind, 0]));
  elements.filter((e) => e.group === 'edges' && !e.data.gone).forEach((e) => { counts[e.data.kind] += 1; });
  return counts;
}

const STYLE = [
  { selector: 'node', style: {
    label: 'data(label)', 'text-wrap': 'wrap', 'text-valign': 'center', 'text-halign': 'center', 'font-size': 10,
    'font-family': 'monospace', width: 'data(w)', height: 'data(h)', shape: 'round-rectangle',
    'background-color': '#e2e8f0', color: '#0f172a', 'border-width': 1, 'border-color': '#94a3b8' } },
  { selector: 'node[type="jail"]', style: { 'background-color': '#1e293b', color: '#f8fafc' } },
  { selector: 'node[type="vnet"]', style: { shape: 'round-hexagon', 'background-color': '#0369a1', color: '#f8fafc' } },
  { selector: 'node[type="vnet"][state!="ALIVE"]', style: { 'background-color': '#64748b' } },
  { selector: 'node[type="interface"]', style: { 'background-color': '#bbf7d0', 'border-color': '#15803d' } },
  { selector: 'node[type="interface"][kind="GIF"], node[type="interface"][kind="GRE"]', style: { 'background-color': '#e9d5ff', 'border-color': '#7e22ce' } },
  { selector: 'node[state="TOMBSTONE"]', style: { 'border-style': 'dashed', opacity: 0.7 } },
  { selector: 'node[type="nexthop"]', style: { shape: 'round-tag', 'background-color': '#fde68a', 'border-color': '#b45309' } },
  { selector: 'node[type="route"]', style: { shape: 'rectangle', 'background-color': '#f8fafc' } },
  { selector: 'node[type="rib"]', style: { shape: 'barrel', 'background-color': '#cbd5e1', 'border-color': '#334155' } },
  { selector: 'node[type="fault"]', style: { shape: 'octagon', 'background-color': '#fee2e2', 'border-color': '#b91c1c', 'border-width': 2, color: '#7f1d1d', 'font-size': 9 } },
  { selector: 'node[type="ghost"]', style: { 'background-color': '#ffffff', 'border-style': 'dashed', 'border-color': '#b91c1c', color: '#b91c1c' } },
  { selector: 'edge', style: {
    width: 1, 'line-color': '#cbd5e1', 'target-arrow-color': '#cbd5e1', 'target-arrow-shape': 'triangle',
    'curve-style': 'bezier', label: 'data(label)', 'font-size': 8, 'text-rotation': 'autorotate',
    'text-background-color': '#ffffff', 'text-background-opacity': 0.85, 'text-background-padding': 1, color: '#475569' } },
  { selector: 'edge[kind="route"]', style: { 'line-color': '#94a3b8', 'target-arrow-color': '#94a3b8', label: '' } },
  { selector: 'edge[kind="nh_ifp"]', style: { width: 2.5, 'line-color': '#d97706', 'target-arrow-color': '#d97706', color: '#92400e' } },
  { selector: 'edge[kind="tunnel_cache"]', style: { width: 3, 'line-color': '#7e22ce', 'target-arrow-color': '#7e22ce', color: '#6b21a8' } },
  { selector: 'edge[kind="subscription"]', style: { width: 2.5, 'line-style': 'dashed', 'line-color': '#7e22ce', 'target-arrow-color': '#7e22ce', color: '#6b21a8' } },
  { selector: 'edge[kind="fault"]', style: { width: 2, 'line-style': 'dashed', 'line-color': '#dc2626', 'target-arrow-color': '#dc2626', color: '#b91c1c' } },
  { selector: 'node[?gone]', style: { 'border-style': 'dashed', opacity: 0.45 } },
  { selector: 'edge[?gone]', style: { 'line-style': 'dotted', opacity: 0.35 } },
];

/** The drawing: one cytoscape instance, redrawn whole for each new state of the VNET. */
export class GraphView {
  constructor(container) {
    // a VNET that is gone is two nodes: fitted without a cap they would fill the panel
    this.cy = cytoscape({ container, style: STYLE, boxSelectionEnabled: false, maxZoom: 1.4 });
  }

  /**
   * Draws {@code elements}. A replay passes the places of the graph it starts from and keeps the zoom, so that
   * what goes leaves a gap where it was; anything else is laid out afresh and fitted.
   */
  show(elements, { positions = positionsOf(elements), fit = true } = {}) {
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(elements.map((el) => (el.group === 'nodes' ? { ...el, position: { ...positions.get(el.data.id) } } : el)));
    });
    this.cy.layout({ name: 'preset', fit, padding: 24 }).run();
  }
}
