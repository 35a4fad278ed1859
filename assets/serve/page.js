// opsim workshop page: controls that set scenario values (each a --set PATH=VALUE,
// checked by the server exactly as the command line checks it), the answer
// redrawn for every change, the previous setting kept faint, a pinned setting
// beside, and the settings in the page's address. Every text from the scenario
// goes in through textContent: it is never parsed as HTML.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const $ = (id) => document.getElementById(id);

const state = {
  info: null,            // /api/controls: scenario facts and control groups
  settings: new Map(),   // path -> value text (insertion order = --set order)
  iterations: 0,         // iterations of the next run
  current: null,         // the latest answer shown
  previous: null,        // the answer before the last change ("was")
  pinned: null,          // { data, args }
  generation: 0,         // number of the newest request
  inflight: null,        // AbortController of the request in flight
  lastControl: null,     // the control changed last, and when
  lastChangeAt: 0,
  client: Math.random().toString(36).slice(2) + Date.now().toString(36),
};
// Input-to-redraw times (ms) of every answer drawn, for the latency test.
window.opsimLatencies = [];

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  return e;
}

// ---- the address holds the settings --------------------------------------

function readAddress() {
  const params = new URLSearchParams(location.hash.slice(1));
  for (const [k, v] of params) {
    if (k === 'n') {
      const n = Number(v);
      if (Number.isInteger(n) && n >= 1 && n <= state.info.max_iterations) state.iterations = n;
    } else if (k) {
      state.settings.set(k, v);
    }
  }
}

function writeAddress() {
  const params = new URLSearchParams();
  for (const [k, v] of state.settings) params.append(k, v);
  if (state.iterations !== state.info.iterations) params.append('n', String(state.iterations));
  const hash = params.toString();
  history.replaceState(null, '', hash ? '#' + hash : location.pathname);
}

// ---- controls --------------------------------------------------------------

const controlsByPath = new Map();

function buildControls() {
  const aside = $('controls');
  aside.replaceChildren();
  aside.appendChild(el('h2', null, 'Assumptions'));
  for (const group of state.info.groups) {
    if (!group.controls.length) continue;
    aside.appendChild(el('h3', null, group.title));
    for (const c of group.controls) {
      const node = c.kind === 'switch' ? switchControl(c) : numberControl(c);
      controlsByPath.set(c.path, { c, node });
      aside.appendChild(node.root);
    }
  }
}

function numberControl(c) {
  const root = el('div', 'control number unset');
  root.dataset.path = c.path;
  const id = 'c' + controlsByPath.size;
  const label = el('label', null, c.label);
  label.htmlFor = id;
  if (c.unit) label.append(' ', el('span', 'unit', '(' + c.unit + ')'));
  const row = el('div', 'row');
  const range = el('input');
  Object.assign(range, { type: 'range', min: c.min, max: c.max, step: c.step, value: c.value, id });
  const box = el('input');
  Object.assign(box, { type: 'number', min: c.min, step: c.step, value: c.value });
  box.setAttribute('aria-label', c.label);
  const reset = el('button', 'reset', '×');
  reset.type = 'button';
  reset.title = 'Back to the scenario\u2019s value';
  row.append(range, box, reset);
  const error = el('div', 'error');
  root.append(label, row, el('div', 'assumes', c.assumes), error);
  const set = (text, t0) => {
    changed(c.path, text, t0);
  };
  range.addEventListener('input', (e) => { box.value = range.value; set(range.value, e.timeStamp); });
  box.addEventListener('change', (e) => {
    if (box.value !== '' && Number(box.value) >= Number(c.min) && Number(box.value) <= Number(c.max)) range.value = box.value;
    set(box.value.trim(), e.timeStamp);
  });
  reset.addEventListener('click', (e) => { changed(c.path, null, e.timeStamp); });
  const show = (value) => {
    root.classList.toggle('unset', value === undefined);
    root.classList.toggle('set', value !== undefined);
    const v = value === undefined ? String(c.value) : value;
    if (document.activeElement !== box) box.value = v;
    if (value === undefined || (Number(v) >= Number(c.min) && Number(v) <= Number(c.max))) range.value = v;
  };
  return { root, error, show };
}

function switchControl(c) {
  const root = el('div', 'control switch');
  root.dataset.path = c.path;
  const label = el('label');
  const box = el('input');
  box.type = 'checkbox';
  box.checked = c.default;
  label.append(box, el('span', null, c.label));
  const error = el('div', 'error');
  root.append(label, error);
  box.addEventListener('change', (e) => {
    const on = box.checked;
    changed(c.path, on === c.default ? null : (on ? c.on : c.off), e.timeStamp);
  });
  const show = (value) => {
    box.checked = value === undefined ? c.default : value === c.on;
  };
  return { root, error, show };
}

function showSettings() {
  for (const [path, { node }] of controlsByPath) node.show(state.settings.get(path));
}

function changed(path, value, t0) {
  if (value === null || value === undefined) state.settings.delete(path);
  else state.settings.set(path, value);
  showSettings();
  // A new question (another control, or a pause): what is on screen becomes "was".
  const now = performance.now();
  const newQuestion = path !== state.lastControl || now - state.lastChangeAt > 1500;
  state.lastControl = path;
  state.lastChangeAt = now;
  state.iterations = state.info.iterations;
  writeAddress();
  run(t0, newQuestion);
}

// ---- running ---------------------------------------------------------------

async function run(t0, newQuestion) {
  const generation = ++state.generation;
  if (state.inflight) state.inflight.abort();
  const controller = new AbortController();
  state.inflight = controller;
  $('status').classList.add('busy');
  let response, data;
  try {
    response = await fetch('/api/run', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ set: [...state.settings], iterations: state.iterations, client: state.client }),
      signal: controller.signal,
    });
    data = await response.json();
  } catch (e) {
    if (e.name === 'AbortError' || generation !== state.generation) return;
    problem('The server did not answer: ' + e.message + '. Is `opsim serve` still running?');
    return;
  }
  if (generation !== state.generation) return;   // a newer change is on its way
  state.inflight = null;
  $('status').classList.remove('busy');
  if (response.status === 409) return;
  clearErrors();
  if (response.status === 422) {
    placeErrors(data.errors);
    $('results').classList.add('stale');
    return;
  }
  if (!response.ok) {
    problem(data.error || ('The server answered ' + response.status));
    return;
  }
  $('results').classList.remove('stale');
  if (newQuestion && state.current) state.previous = state.current;
  state.current = data;
  render();
  requestAnimationFrame(() => {
    const ms = performance.now() - t0;
    window.opsimLatencies.push({ generation, ms, run_ms: data.run_ms });
    document.body.dataset.drawn = String(generation);
  });
}

function clearErrors() {
  for (const { node } of controlsByPath.values()) {
    node.error.textContent = '';
    node.root.classList.remove('invalid');
  }
  $('problem').hidden = true;
}

function placeErrors(errors) {
  const loose = [];
  for (const e of errors) {
    const found = controlsByPath.get(e.path);
    if (found) {
      found.node.error.textContent += (found.node.error.textContent ? '\n' : '') + e.message;
      found.node.root.classList.add('invalid');
    } else {
      loose.push(e.message);
    }
  }
  if (loose.length) problem(loose.join('\n\n'));
}

function problem(text) {
  const p = $('problem');
  p.textContent = text;
  p.hidden = false;
  $('status').classList.remove('busy');
}

// ---- drawing ---------------------------------------------------------------

// The four figures, in the report's order; the server words each one.
const FIGURES = ['saving', 'probability_cheaper', 'payback', 'ready'];

// The raw value behind a figure, for the browser test.
function rawValue(name, f) {
  switch (name) {
    case 'saving': return f.value;
    case 'probability_cheaper': return f.value;
    case 'payback': return f.p50_month === null ? 'none' : f.p50_month;
    case 'ready': return f.p50_weeks;
  }
  return '';
}

function modelOf(data, id) {
  return data ? data.models.find((m) => m.id === id) : undefined;
}

function render() {
  const d = state.current;
  const results = $('results');
  results.replaceChildren();
  if (!d.models.length) {
    results.appendChild(el('p', null, 'The scenario has one model only: there is nothing to compare.'));
  }
  for (const m of d.models) {
    const was = modelOf(state.previous, m.id);
    const pin = state.pinned ? modelOf(state.pinned.data, m.id) : undefined;
    const box = el('section', 'model');
    box.dataset.model = m.id;
    box.appendChild(el('h2', null, m.name + ' against ' + d.baseline));
    box.appendChild(el('p', 'verdict', m.verdict));
    if (was && was.verdict !== m.verdict) {
      const before = el('details', 'was-verdict');
      before.appendChild(el('summary', null, 'What it said before the last change'));
      before.appendChild(el('p', null, was.verdict));
      box.appendChild(before);
    }
    if (m.opportunity) box.appendChild(el('p', 'opportunity', m.opportunity));
    const figures = el('div', 'figures');
    for (const name of FIGURES) {
      const f = m.figures[name];
      const card = el('div', 'figure');
      card.dataset.figure = name;
      card.dataset.value = String(rawValue(name, f));
      card.appendChild(el('div', 'name', f.title));
      card.appendChild(el('div', 'value', f.text));
      if (f.note) card.appendChild(el('div', 'sub', f.note));
      if (name === 'saving') card.appendChild(el('div', 'sub', '± ' + m.saving_se_text + ' (standard error of the mean)'));
      if (was) {
        const w = was.figures[name];
        if (w.text !== f.text) card.classList.add('moved');
        card.appendChild(el('div', 'was', 'was ' + w.text));
      }
      if (pin) card.appendChild(el('div', 'pinned', 'pinned ' + pin.figures[name].text));
      figures.appendChild(card);
    }
    box.appendChild(figures);
    const charts = el('div', 'charts');
    charts.appendChild(chart('Cumulative cash saving (mean), by month', 'saving',
      seriesOf(m, was, pin, (x) => x.cumulative_saving.map((v, i) => [i + 1, v])),
      'Month of the horizon', money(d.currency), true));
    charts.appendChild(chart('Share of futures fully set up, by week', 'readiness',
      // P0 to P99: the single slowest future (P100) would stretch the axis.
      seriesOf(m, was, pin, (x) => x.readiness_curve.slice(0, 100)),
      'Weeks from the start of setup', (v) => Math.round(v * 100) + '%', false, [0, 1]));
    box.appendChild(charts);
    results.appendChild(box);
  }
  const first = d.models[0];
  const se = first ? ' · standard error of the saving ' + first.saving_se_text +
    ', of the chance ' + (first.figures.probability_cheaper.se * 100).toFixed(1) + ' points' : '';
  $('status').textContent = d.iterations.toLocaleString('en-GB') + ' iterations, seed ' + d.seed + se +
    ' · run ' + Math.round(d.run_ms) + ' ms' + (state.settings.size ? ' · ' + state.settings.size + ' changed' : ' · as written');
  $('refine').disabled = d.iterations * 4 > state.info.max_iterations;
}

function seriesOf(m, was, pin, points) {
  const s = [];
  if (pin) s.push({ cls: 'pin', points: points(pin), name: 'pinned' });
  if (was) s.push({ cls: 'was', points: points(was), name: 'was' });
  s.push({ cls: 'now', points: points(m), name: 'now' });
  return s;
}

function money(currency) {
  const symbol = { GBP: '£', USD: '$', EUR: '€' }[currency] || '';
  return (v) => {
    const a = Math.abs(v);
    const sign = v < 0 ? '−' : '';
    if (a >= 1e6) return sign + symbol + (a / 1e6).toFixed(a >= 1e7 ? 0 : 1) + 'm';
    if (a >= 1e3) return sign + symbol + (a / 1e3).toFixed(0) + 'k';
    return sign + symbol + a.toFixed(0);
  };
}

function niceTicks(lo, hi, count) {
  const span = hi - lo || 1;
  const raw = span / count;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw);
  const ticks = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9 * span; t += step) ticks.push(t);
  return ticks;
}

function chart(title, name, series, xLabel, yFormat, zeroLine, yFixed) {
  const W = 460, H = 260, L = 58, R = 12, T = 12, B = 40;
  const fig = el('figure', 'chart');
  fig.dataset.chart = name;
  fig.appendChild(el('figcaption', null, title));
  const all = series.flatMap((s) => s.points);
  let [x0, x1] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  let [y0, y1] = yFixed || [Math.min(0, ...all.map((p) => p[1])), Math.max(0, ...all.map((p) => p[1]))];
  if (!(x1 > x0)) x1 = x0 + 1;
  if (!(y1 > y0)) y1 = y0 + 1;
  const yTicks = niceTicks(y0, y1, 6);
  y0 = Math.min(y0, yTicks[0]); y1 = Math.max(y1, yTicks[yTicks.length - 1]);
  const X = (x) => L + (x - x0) / (x1 - x0) * (W - L - R);
  const Y = (y) => T + (1 - (y - y0) / (y1 - y0)) * (H - T - B);
  const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img' });
  s.appendChild(svg('title')).textContent = title;
  for (const t of yTicks) {
    s.appendChild(svg('line', { x1: L, x2: W - R, y1: Y(t), y2: Y(t), class: 'grid' }));
    s.appendChild(svg('text', { x: L - 6, y: Y(t) + 4, 'text-anchor': 'end' })).textContent = yFormat(t);
  }
  for (const t of niceTicks(x0, x1, 6)) {
    s.appendChild(svg('text', { x: X(t), y: H - B + 16, 'text-anchor': 'middle' })).textContent = String(Math.round(t));
  }
  s.appendChild(svg('text', { x: (L + W - R) / 2, y: H - 6, 'text-anchor': 'middle' })).textContent = xLabel;
  if (zeroLine && y0 < 0 && y1 > 0) s.appendChild(svg('line', { x1: L, x2: W - R, y1: Y(0), y2: Y(0), class: 'zero' }));
  for (const line of series) {
    if (!line.points.length) continue;
    const d = line.points.map((p, i) => (i ? 'L' : 'M') + X(p[0]).toFixed(1) + ' ' + Y(p[1]).toFixed(1)).join(' ');
    const path = svg('path', { d, class: line.cls });
    path.dataset.series = line.name;
    s.appendChild(path);
  }
  fig.appendChild(s);
  const legend = el('div', 'legend');
  for (const line of series.slice().reverse()) legend.append(el('span', line.cls, '— ' + line.name + '  '));
  fig.appendChild(legend);
  return fig;
}

// ---- buttons ---------------------------------------------------------------

async function save() {
  const response = await fetch('/api/save', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ set: [...state.settings] }),
  });
  const data = await response.json();
  clearErrors();
  if (response.status === 422) { placeErrors(data.errors); return; }
  if (!response.ok) { problem(data.error || ('The server answered ' + response.status)); return; }
  const blob = new Blob([data.toml], { type: 'application/toml' });
  const a = el('a');
  a.href = URL.createObjectURL(blob);
  a.download = data.file_name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  $('saved-name').textContent = data.file_name;
  const file = state.info.file.includes('(built in)') ? '' : ' ' + state.info.file;
  $('saved-args').textContent = 'opsim run' + file + ' --seed ' + state.info.seed + ' --iterations ' +
    state.iterations + (data.set_args.length ? ' \\\n  ' + data.set_args.join(' \\\n  ') : '');
  $('saved').hidden = false;
}

function pin() {
  if (!state.current) return;
  state.pinned = { data: state.current, settings: new Map(state.settings) };
  $('pin').textContent = 'Unpin';
  render();
}

function unpin() {
  state.pinned = null;
  $('pin').textContent = 'Pin';
  if (state.current) render();
}

async function start() {
  const response = await fetch('/api/controls');
  state.info = await response.json();
  state.iterations = state.info.iterations;
  $('scenario').textContent = state.info.scenario;
  $('file').textContent = state.info.file;
  document.title = state.info.scenario + ' · opsim workshop';
  buildControls();
  readAddress();
  showSettings();
  $('refine').addEventListener('click', (e) => {
    state.iterations = Math.min(state.iterations * 4, state.info.max_iterations);
    writeAddress();
    run(e.timeStamp, false);
  });
  $('pin').addEventListener('click', () => (state.pinned ? unpin() : pin()));
  $('save').addEventListener('click', () => { save().catch((e) => problem('Saving failed: ' + e.message)); });
  $('reset').addEventListener('click', (e) => {
    state.settings.clear();
    showSettings();
    state.iterations = state.info.iterations;
    writeAddress();
    run(e.timeStamp, true);
  });
  window.addEventListener('hashchange', () => {
    state.settings.clear();
    state.iterations = state.info.iterations;
    readAddress();
    showSettings();
    run(performance.now(), true);
  });
  run(performance.now(), false);
}

start().catch((e) => problem('The page could not start: ' + e.message));
