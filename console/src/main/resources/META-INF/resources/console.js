// The console's page: asks once for a bearer token (kept in this tab's sessionStorage), reads the jails and the
// chosen VNET's graph from the console's API, and follows the services' events over server-sent events read
// with fetch(), so that the token travels in a header and never in a URL. Each notice about the chosen VNET
// makes the page fetch that VNET again; nothing is reloaded.
import { EDGE_KINDS, GraphView, edgeCounts, elementsOf, labelSize, positionsOf } from './graph.js';
import { drawTimelines } from './gantt.js';

const TOKEN_KEY = 'jailnet.token';
/** How long the replay of a teardown shows each step, so that an eye can follow a saga of a tenth of a second. */
const FRAME_MS = 900;
/** A stream silent for three heartbeats is taken for dead and opened again. */
const SILENCE_MS = 45_000;
const RETRY_MS = [500, 1_000, 2_000, 5_000];
const NOTICES_SHOWN = 14;

// What each step of vnet_shutdown lets go of (docs/design.md, "The sagas"): when a step is done, the replay takes
// that off the graph the page last had of the VNET alive, so the cycle is seen coming apart in the saga's order.
const RELEASES = {
  FREEZE: () => false,
  TUNNEL_CACHE_RELEASE: (el) => el.data.kind === 'tunnel_cache' || el.data.kind === 'subscription',
  RIB_FLUSH: (el) => el.data.type === 'route' || el.data.type === 'nexthop',
  IFNET_DETACH: (el) => el.data.type === 'interface',
  RTABLES_DESTROY: (el) => el.data.type === 'rib',
};

const $ = (id) => document.getElementById(id);

class Unauthorized extends Error {}

const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  stream: null,
  jails: [],
  faults: [],
  selected: null,
  // until someone picks a jail, the page follows the newest one: when a jail newer than the one shown appears
  chosenByUser: false,
  shownSince: 0,
  latest: null,
  // the last elements of each VNET while it was alive: where a teardown's replay starts
  alive: new Map(),
  replay: null,
  // VNETs whose jail was freed while the page watched: still listed, to see how they ended
  gone: new Map(),
};

const graphView = new GraphView($('graph'));

// ---- the token -------------------------------------------------------------------------------------------

function askForToken(message) {
  state.token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  if (state.stream) state.stream.abort();
  setLive('off', 'not connected');
  $('login-error').textContent = message || '';
  if (!$('login').open) $('login').showModal();
  $('token-input').focus();
}

function takeToken() {
  const token = $('token-input').value.trim().replace(/^Bearer\s+/i, '');
  if (!token) {
    $('login-error').textContent = 'Paste a token first.';
    return;
  }
  $('token-input').value = '';
  state.token = token;
  sessionStorage.setItem(TOKEN_KEY, token);
  $('login').close();
  listen();
}

// ---- the API ---------------------------------------------------------------------------------------------

async function api(path) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${state.token}`, Accept: 'application/json' } });
  if (response.status === 401) {
    askForToken('The console refused the token (expired, or not signed by this system\'s key).');
    throw new Unauthorized();
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(problem.detail || `${response.status} ${response.statusText}`);
  }
  return response.json();
}

// One run of each refresh at a time; a request for it meanwhile runs it once more afterwards.
const refreshes = { jails: refreshJails, faults: refreshFaults, graph: refreshGraph };
const running = new Map();

function schedule(name) {
  const run = running.get(name);
  if (run) {
    run.again = true;
    return;
  }
  const entry = { again: false };
  running.set(name, entry);
  (async () => {
    try {
      do {
        entry.again = false;
        try {
          await refreshes[name]();
          showError(name, null);
        } catch (e) {
          if (e instanceof Unauthorized) return;
          showError(name, e.message);
        }
      } while (entry.again && state.token);
    } finally {
      running.delete(name);
    }
  })();
}

function showError(source, message) {
  const errors = $('errors');
  const existing = errors.querySelector(`[data-source="${source}"]`);
  if (existing) existing.remove();
  if (message) {
    const item = document.createElement('li');
    item.dataset.source = source;
    item.textContent = `${source}: ${message}`;
    errors.append(item);
  }
}

// ---- server-sent events, read with fetch() ---------------------------------------------------------------

async function listen() {
  if (state.stream) state.stream.abort();
  const stream = new AbortController();
  state.stream = stream;
  for (let attempt = 0; state.token && !stream.signal.aborted; attempt++) {
    setLive('connecting', 'connecting');
    let silence;
    const quiet = new AbortController();
    const watch = () => {
      clearTimeout(silence);
      silence = setTimeout(() => quiet.abort(), SILENCE_MS);
    };
    const abort = () => quiet.abort();
    stream.signal.addEventListener('abort', abort);
    try {
      const response = await fetch('/api/events', { headers: { Authorization: `Bearer ${state.token}`,
        Accept: 'text/event-stream' }, cache: 'no-store', signal: quiet.signal });
      if (response.status === 401) {
        askForToken('The console refused the token (expired, or not signed by this system\'s key).');
        return;
      }
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      watch();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        watch();
        attempt = 0;
        buffer = (buffer + value).replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = buffer.slice(0, end).split('\n').filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trimStart()).join('\n');
          buffer = buffer.slice(end + 2);
          if (data) onNotice(JSON.parse(data));
        }
      }
    } catch (e) {
      if (!quiet.signal.aborted) showError('events', e.message);
    } finally {
      clearTimeout(silence);
      stream.signal.removeEventListener('abort', abort);
    }
    if (stream.signal.aborted || !state.token) return;
    setLive('connecting', 'reconnecting');
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]));
  }
}

function setLive(kind, text) {
  $('live').dataset.state = kind;
  $('live').textContent = text;
}

function onNotice(notice) {
  if (notice.type === 'ConsoleConnected') {
    setLive('live', 'live');
    showError('events', null);
    // whatever changed while the page was not listening is in what it fetches now
    ['jails', 'faults', 'graph'].forEach(schedule);
    return;
  }
  if (notice.type === 'Heartbeat') return;
  logNotice(notice);
  if (notice.topic === 'jailnet.faults') schedule('faults');
  if (notice.topic === 'jailnet.jail.events' || notice.topic === 'jailnet.vnet.events') schedule('jails');
  if (notice.vnetId && notice.vnetId === state.selected) schedule('graph');
}

function logNotice(notice) {
  const item = document.createElement('li');
  const at = new Date(notice.at);
  const time = `${at.toLocaleTimeString([], { hour12: false })}.${String(at.getMilliseconds()).padStart(3, '0')}`;
  const step = notice.step ? ` ${notice.step}` : '';
  const jail = notice.jid != null ? ` jail ${notice.jid}` : '';
  item.textContent = `${time} ${notice.type || 'unreadable record'}${step} · ${notice.vnetId || ''}${jail}`;
  item.dataset.vnet = notice.vnetId || '';
  $('notices').prepend(item);
  while ($('notices').children.length > NOTICES_SHOWN) $('notices').lastElementChild.remove();
}

// ---- the jails -------------------------------------------------------------------------------------------

async function refreshJails() {
  const jails = await api('/api/jails');
  const now = new Set(jails.map((j) => j.vnetId));
  for (const before of state.jails) {
    if (before.vnet && !now.has(before.vnetId)) {
      state.gone.set(before.vnetId, `jail ${before.jid} ${before.name}: freed`);
    }
  }
  state.jails = jails;
  const newest = jails.filter((j) => j.vnet && j.state !== 'DYING')
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];
  if (!state.chosenByUser && newest && Date.parse(newest.createdAt) > state.shownSince) {
    state.shownSince = Date.parse(newest.createdAt);
    select(newest.vnetId, false);
  } else if (!state.selected) {
    select('vnet0', false);
  }
  renderJails();
}

function renderJails() {
  const entries = [{ vnetId: 'vnet0', text: 'host · vnet0', state: 'ALIVE' }];
  for (const jail of state.jails) {
    entries.push({ vnetId: jail.vnetId, state: jail.state,
      text: `jail ${jail.jid} ${jail.name} · ${jail.state}${jail.vnet ? ` · ${jail.vnetId}` : ''}` });
  }
  for (const [vnetId, text] of state.gone) {
    if (!state.jails.some((j) => j.vnetId === vnetId)) entries.push({ vnetId, text: `${text} · ${vnetId}`, state: 'FREED' });
  }
  $('jail-list').replaceChildren(...entries.map((entry) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = entry.text;
    button.dataset.vnet = entry.vnetId;
    button.dataset.state = entry.state;
    if (entry.vnetId === state.selected) button.setAttribute('aria-current', 'true');
    button.addEventListener('click', () => select(entry.vnetId, true));
    const item = document.createElement('li');
    item.append(button);
    return item;
  }));
}

function select(vnetId, byUser) {
  state.chosenByUser = state.chosenByUser || byUser;
  if (state.selected === vnetId) return;
  state.selected = vnetId;
  state.latest = null;
  stopReplay();
  $('graph-title').textContent = vnetId;
  renderJails();
  schedule('graph');
}

// ---- the graph and the timelines -------------------------------------------------------------------------

async function refreshFaults() {
  state.faults = await api('/api/faults');
  renderFaults();
  schedule('graph');
}

function renderFaults() {
  const mine = state.faults.filter((f) => f.vnetId === state.selected);
  $('faults').replaceChildren(...mine.map((fault) => {
    const item = document.createElement('li');
    item.textContent = `${fault.service}: ${fault.description}`;
    return item;
  }));
  $('faults-panel').hidden = mine.length === 0;
}

async function refreshGraph() {
  const vnetId = state.selected;
  if (!vnetId) return;
  const graph = await api(`/api/vnets/${encodeURIComponent(vnetId)}/graph`);
  if (state.selected !== vnetId) return;
  state.latest = graph;
  present(graph);
}

function present(graph) {
  const vnetId = graph.vnet.vnetId;
  drawTimelines($('timeline'), graph.sagas);
  renderFaults();
  const elements = elementsOf(graph, state.faults.filter((f) => f.vnetId === vnetId));
  if (graph.vnet.state === 'ALIVE') state.alive.set(vnetId, elements);
  const shutdown = graph.sagas.filter((s) => s.type === 'VNET_SHUTDOWN').pop();
  if (shutdown && state.alive.has(vnetId)) {
    replay(vnetId, shutdown, elements);
    return;
  }
  if (graph.vnet.teardown === 'legacy' && graph.vnet.state !== 'ALIVE' && state.alive.has(vnetId)) {
    showRemains(graph, elements, state.alive.get(vnetId));
    return;
  }
  showNow(graph, elements);
}

// The legacy teardown has no saga to follow, and leaves little to draw: the page keeps what the VNET held alive,
// dashed where it is gone, so that each reference fault points at the object it names.
function showRemains(graph, now, before) {
  const nodes = now.filter((el) => el.group === 'nodes' && el.data.type !== 'ghost');
  const ids = new Set(nodes.map((n) => n.data.id));
  for (const el of before.filter((e) => e.group === 'nodes' && !ids.has(e.data.id))) {
    nodes.push({ ...el, data: { ...el.data, gone: true } });
    ids.add(el.data.id);
  }
  for (const ghost of now.filter((el) => el.group === 'nodes' && el.data.type === 'ghost' && !ids.has(el.data.id))) {
    nodes.push(ghost);
    ids.add(ghost.data.id);
  }
  const edges = now.filter((el) => el.group === 'edges');
  const edgeIds = new Set(edges.map((e) => e.data.id));
  for (const el of before.filter((e) => e.group === 'edges' && !edgeIds.has(e.data.id))) {
    if (ids.has(el.data.source) && ids.has(el.data.target)) edges.push({ ...el, data: { ...el.data, gone: true } });
  }
  const elements = [...nodes, ...edges];
  graphView.show(elements);
  describe(elements, `${graph.vnet.vnetId}: ${graph.vnet.state} by the legacy teardown; what it held is dashed, `
    + 'with the reference faults the teardown met', '');
}

function showNow(graph, elements) {
  graphView.show(elements);
  const truncated = graph.truncated.length ? ` (only the first ${graph.truncated.join(', ')} are drawn)` : '';
  describe(elements, `${graph.vnet.vnetId}: ${graph.vnet.state}, as the services see it now${truncated}`, '');
}

// A teardown takes a tenth of a second; the replay shows it one step at a time, each for FRAME_MS, starting from
// the last graph the page had of the VNET alive, as the timeline reports each step done.
function replay(vnetId, saga, latest) {
  let run = state.replay;
  if (!run || run.vnetId !== vnetId || run.sagaId !== saga.id) {
    stopReplay();
    const base = state.alive.get(vnetId);
    run = { vnetId, sagaId: saga.id, base, positions: positionsOf(base), shown: -1, timer: null };
    state.replay = run;
  }
  run.done = saga.steps.filter((s) => s.status === 'DONE' && !s.compensation).map((s) => s.step);
  run.total = saga.steps.length;
  run.over = saga.status !== 'RUNNING';
  run.latest = { graph: state.latest, elements: latest };
  if (!run.timer) advance(run);
}

function advance(run) {
  run.timer = null;
  if (state.replay !== run) return;
  if (run.shown < run.done.length) {
    run.shown += 1;
    const steps = run.done.slice(0, run.shown);
    const last = steps[steps.length - 1];
    const elements = frame(run.base, run.latest.elements, steps, run.vnetId, last);
    graphView.show(elements, { positions: run.positions, fit: false });
    describe(elements, last
      ? `${run.vnetId}: replaying vnet_shutdown, ${last} done (${steps.length} of ${run.total})`
      : `${run.vnetId}: vnet_shutdown started`, last || 'STARTED');
    run.timer = setTimeout(() => advance(run), FRAME_MS);
  } else if (run.over) {
    state.replay = null;
    state.alive.delete(run.vnetId);
    showNow(run.latest.graph, run.latest.elements);
  }
}

/** The graph alive without what {@code steps} released; its jail as it is now (dying). */
function frame(base, latest, steps, vnetId, last) {
  const gone = (el) => steps.some((step) => (RELEASES[step] || (() => false))(el));
  const jailNow = (el) => latest.find((now) => now.data.id === el.data.id) || el;
  const nodes = base.filter((el) => el.group === 'nodes' && !gone(el)).map((el) => {
    if (el.data.type === 'vnet') {
      const label = `${vnetId}\nSHUTTING_DOWN${last ? `\nafter ${last}` : ''}`;
      return { ...el, data: { ...el.data, state: 'SHUTTING_DOWN', label, ...labelSize(label) } };
    }
    return el.data.type === 'jail' ? jailNow(el) : el;
  });
  const ids = new Set(nodes.map((n) => n.data.id));
  const edges = base.filter((el) => el.group === 'edges' && !gone(el) && ids.has(el.data.source) && ids.has(el.data.target));
  return [...nodes, ...edges];
}

function stopReplay() {
  if (state.replay && state.replay.timer) clearTimeout(state.replay.timer);
  state.replay = null;
}

/** The caption and the legend's counts: what is drawn, in words a test and a person can read. */
function describe(elements, caption, step) {
  $('graph-state').textContent = caption;
  $('graph-panel').dataset.step = step;
  const counts = edgeCounts(elements);
  $('edge-counts').replaceChildren(...EDGE_KINDS.map(([kind, text]) => {
    const item = document.createElement('li');
    item.dataset.kind = kind;
    item.dataset.count = counts[kind];
    const swatch = document.createElement('span');
    swatch.className = `swatch ${kind}`;
    item.append(swatch, `${counts[kind]} ${text}`);
    return item;
  }));
  const nodes = elements.filter((e) => e.group === 'nodes' && !e.data.gone);
  $('graph-panel').dataset.interfaces = nodes.filter((n) => n.data.type === 'interface').length;
  $('graph-panel').dataset.ribs = nodes.filter((n) => n.data.type === 'rib').length;
}

// ---- start -----------------------------------------------------------------------------------------------

$('token-submit').addEventListener('click', takeToken);
$('token-input').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey) {
    e.preventDefault();
    takeToken();
  }
});
$('login').addEventListener('cancel', (e) => e.preventDefault());
$('forget').addEventListener('click', () => askForToken(''));

if (state.token) {
  listen();
} else {
  askForToken('');
}
