// A saga's timeline as a Gantt chart, in SVG: a row per step (who carried it out), a bar from when it was first
// sent to when its reply came, and beside it how many times it was sent, how long it took and what it released.
// Built with DOM calls only: every text a service sent is set as text, never parsed as markup.

// An <svg> parsed from HTML is in SVG's namespace: the chart takes the namespace's name from one.
const SVG = (() => {
  const parsed = document.createElement('template');
  parsed.innerHTML = '<svg></svg>';
  return parsed.content.firstChild.namespaceURI;
})();
const LABEL_WIDTH = 250;
const BAR_WIDTH = 420;
const NOTE_WIDTH = 480;
const ROW_HEIGHT = 34;
const AXIS_HEIGHT = 22;

const SAGA_NAMES = { VNET_CREATE: 'vnet_alloc', VNET_SHUTDOWN: 'vnet_shutdown' };

/** Replaces {@code container}'s content with one chart per saga, oldest first. */
export function drawTimelines(container, sagas, now = Date.now()) {
  container.replaceChildren(...sagas.map((saga) => chart(saga, now)));
  if (sagas.length === 0) {
    container.append(element('p', { class: 'empty' }, 'No saga for this VNET.'));
  }
}

function chart(saga, now) {
  const section = element('section', { class: 'saga', 'data-type': saga.type, 'data-status': saga.status });
  const name = SAGA_NAMES[saga.type] || saga.type;
  const took = saga.durationMs != null ? ` in ${saga.durationMs} ms` : '';
  const who = saga.requestedBy ? `, requested by ${saga.requestedBy}` : '';
  section.append(element('h3', {}, `${name} of ${saga.vnetId}: `,
    element('span', { class: `status ${saga.status}` }, saga.status), `${took}${who}`));
  if (saga.reason) {
    section.append(element('p', { class: 'reason' }, saga.reason));
  }
  const start = Date.parse(saga.startedAt);
  const end = saga.endedAt ? Date.parse(saga.endedAt) : Math.max(now, start + 1);
  const span = Math.max(end - start, 1);
  const x = (at) => LABEL_WIDTH + (BAR_WIDTH * (at - start)) / span;
  const height = AXIS_HEIGHT + ROW_HEIGHT * saga.steps.length + 4;
  const svg = svgElement('svg', { width: LABEL_WIDTH + BAR_WIDTH + NOTE_WIDTH, height, role: 'img',
    'aria-label': `${name} timeline` });
  for (let i = 0; i <= 4; i++) {
    const at = start + (span * i) / 4;
    svg.append(svgElement('line', { x1: x(at), x2: x(at), y1: AXIS_HEIGHT - 4, y2: height, class: 'tick' }),
      svgElement('text', { x: x(at), y: AXIS_HEIGHT - 8, class: 'axis', 'text-anchor': 'middle' },
        `${Math.round(at - start)} ms`));
  }
  saga.steps.forEach((step, row) => {
    const y = AXIS_HEIGHT + row * ROW_HEIGHT;
    const g = svgElement('g', { class: 'step', 'data-step': step.step, 'data-status': step.status,
      'data-attempts': step.attempts });
    const participants = (step.participants || []).map((p) => p.toLowerCase()).join(', ');
    g.append(svgElement('text', { x: 4, y: y + 21, class: 'label' },
      `${step.compensation ? '↶ ' : ''}${step.step}${participants ? ` (${participants})` : ''}`));
    if (step.startedAt) {
      const from = Date.parse(step.startedAt);
      const to = step.endedAt ? Date.parse(step.endedAt) : end;
      g.append(svgElement('rect', { x: x(from), y: y + 8, width: Math.max(x(to) - x(from), 3), height: ROW_HEIGHT - 16,
        rx: 3, class: `bar ${step.status}` }));
    }
    const [how, released] = note(step);
    g.append(svgElement('text', { x: LABEL_WIDTH + BAR_WIDTH + 8, y: y + 15, class: 'note' }, how));
    if (released) {
      g.append(svgElement('text', { x: LABEL_WIDTH + BAR_WIDTH + 8, y: y + 28, class: 'released' }, released));
    }
    if (step.lastError) {
      g.append(svgElement('title', {}, step.lastError));
    }
    svg.append(g);
  });
  section.append(svg);
  return section;
}

/** ["DONE · 1 attempt · 12 ms", "released nexthopRefs 1, subscriptions 1"]; the second empty when nothing was. */
function note(step) {
  const parts = [step.status, `${step.attempts} attempt${step.attempts === 1 ? '' : 's'}`];
  if (step.durationMs != null) parts.push(`${step.durationMs} ms`);
  const released = Object.entries(step.released || {}).filter(([, count]) => count > 0)
    .sort(([a], [b]) => a.localeCompare(b)).map(([kind, count]) => `${kind} ${count}`);
  return [parts.join(' · '), released.length ? `released ${released.join(', ')}` : ''];
}

function element(tag, attributes, ...children) {
  const el = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => el.setAttribute(name, value));
  el.append(...children);
  return el;
}

function svgElement(tag, attributes, text) {
  const el = document.createElementNS(SVG, tag);
  Object.entries(attributes).forEach(([name, value]) => el.setAttribute(name, value));
  if (text !== undefined) el.textContent = text;
  return el;
}
