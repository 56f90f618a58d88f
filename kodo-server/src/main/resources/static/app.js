// Kodo dashboard: a small single page over the Process Health API. Routes: #/ (overview),
// #/workflow/<name> (one process), #/run/<id> (one run). The read key is asked once and kept in localStorage.
'use strict';

const KEY_STORAGE = 'kodo.readKey';
const WINDOW_STORAGE = 'kodo.window';
const REFRESH_MS = 15000;
const PAGE_SIZE = 20;

const state = {
  window: localStorage.getItem(WINDOW_STORAGE) || '24h',
  runsState: 'failed',
  runsOffset: 0,
  charts: [],
  timer: null,
  // Bumped by every route(); an answer that arrives for an older one is dropped, so a slow answer for the
  // previous window or page never overwrites the current one.
  generation: 0,
};

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null) continue;
    if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on')) node.addEventListener(k.substring(2), v);
    else node.setAttribute(k, v);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

// ------------------------------------------------------------------------------------------- formatting

function percent(rate) {
  return rate === null || rate === undefined ? '–' : (rate * 100).toFixed(1) + '%';
}

/** Completion rate colours: green from 99 %, amber from 95 %, red below. */
function rateClass(rate) {
  if (rate === null || rate === undefined) return 'rate rate-none';
  if (rate >= 0.99) return 'rate rate-good';
  if (rate >= 0.95) return 'rate rate-warn';
  return 'rate rate-bad';
}

function rateColor(rate) {
  if (rate === null || rate === undefined) return '#8c959f';
  return rate >= 0.99 ? '#1a7f37' : rate >= 0.95 ? '#9a6700' : '#cf222e';
}

function duration(ms) {
  if (ms === null || ms === undefined) return '–';
  if (ms === 0) return '0';
  if (ms < 1) return ms.toFixed(3) + ' ms';
  if (ms < 1000) return (ms < 10 ? ms.toFixed(1) : Math.round(ms)) + ' ms';
  const s = ms / 1000;
  if (s < 60) return s.toFixed(s < 10 ? 2 : 1) + ' s';
  const m = s / 60;
  if (m < 60) return m.toFixed(1) + ' min';
  return (m / 60).toFixed(1) + ' h';
}

function when(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

// ------------------------------------------------------------------------------------------- API

class Unauthorized extends Error {}
class Superseded extends Error {}

async function api(path) {
  const key = localStorage.getItem(KEY_STORAGE);
  if (!key) throw new Unauthorized('no key');
  const generation = state.generation;
  const response = await fetch(path, { headers: { Authorization: 'Bearer ' + key, Accept: 'application/json' } });
  if (generation !== state.generation) throw new Superseded();
  if (response.status === 401) {
    const body = await response.json().catch(() => ({}));
    throw new Unauthorized(body.error || 'the key was not accepted');
  }
  const body = await response.json().catch(() => ({ error: 'unexpected answer: HTTP ' + response.status }));
  if (generation !== state.generation) throw new Superseded();
  if (!response.ok) {
    const error = new Error(body.error || 'HTTP ' + response.status);
    error.status = response.status;
    throw error;
  }
  return body;
}

function windowQuery() {
  return 'window=' + encodeURIComponent(state.window);
}

// ------------------------------------------------------------------------------------------- views

function show(viewId) {
  for (const id of ['key-view', 'overview-view', 'workflow-view', 'run-view']) {
    $(id).hidden = id !== viewId;
  }
  $('toolbar').hidden = viewId === 'key-view';
  $('load-error').hidden = true;
}

function disposeCharts() {
  state.charts.forEach((chart) => chart.dispose());
  state.charts = [];
}

function chart(container, option) {
  const instance = echarts.init(container, null, { renderer: 'canvas' });
  instance.setOption(option);
  state.charts.push(instance);
  return instance;
}

function askForKey(message) {
  show('key-view');
  $('key-error').hidden = !message;
  $('key-error').textContent = message ? 'That key was not accepted: ' + message : '';
  $('key-input').focus();
}

async function renderOverview() {
  const data = await api('/api/v1/health?' + windowQuery());
  show('overview-view');
  disposeCharts();
  $('overview-window').textContent = 'last ' + data.window.label;
  $('empty-state').hidden = data.hasRuns;
  $('quiet-state').hidden = !data.hasRuns || data.workflows.length > 0;
  $('workflows').hidden = data.workflows.length === 0;
  document.querySelectorAll('.origin').forEach((n) => { n.textContent = location.origin; });
  document.querySelectorAll('.now').forEach((n) => { n.textContent = new Date().toISOString(); });
  document.querySelectorAll('.project-name').forEach((n) => { n.textContent = data.project; });

  const tbody = $('workflows').querySelector('tbody');
  tbody.replaceChildren();
  // Worst first: the processes that do not finish are what a person opens the page for.
  const rows = [...data.workflows].sort((a, b) =>
    (a.completionRate ?? 2) - (b.completionRate ?? 2) || a.workflow.localeCompare(b.workflow));
  for (const w of rows) {
    const spark = el('div', { class: 'spark' });
    const failing = w.topFailingSteps.length ? w.topFailingSteps[0].step + ' (' + w.topFailingSteps[0].failures + ')' : '–';
    const tr = el('tr', { class: 'clickable workflow-row', dataset: { workflow: w.workflow },
      onclick: () => { location.hash = '#/workflow/' + encodeURIComponent(w.workflow); } },
      el('td', {}, el('a', { class: 'workflow-link', href: '#/workflow/' + encodeURIComponent(w.workflow) }, w.workflow)),
      el('td', {}, el('span', { class: rateClass(w.completionRate) + ' completion' }, percent(w.completionRate))),
      el('td', { class: 'num p95' }, duration(w.p95Ms)),
      el('td', { class: 'num runs' }, w.runs),
      el('td', { class: 'num failed' + (w.failed > 0 ? ' alert' : '') }, w.failed),
      el('td', { class: 'num lost' + (w.lost > 0 ? ' alert' : '') }, w.lost),
      el('td', { class: 'num stuck' + (w.stuck > 0 ? ' alert' : '') }, w.stuck),
      el('td', { class: 'num' }, w.inFlight),
      el('td', { class: 'failing-step' }, failing),
      el('td', {}, spark));
    tbody.append(tr);
    sparkline(spark, w, data.window);
  }
}

function sparkline(container, w, window) {
  const data = w.series.map((p) => [p.at, p.completionRate]);
  // A process that only just started has one or two buckets with runs: a line needs two points, so show dots.
  const few = data.filter((d) => d[1] !== null && d[1] !== undefined).length < 3;
  chart(container, {
    animation: false,
    grid: { left: 4, right: 4, top: 4, bottom: 4 },
    // The whole window, so a process that only started an hour ago shows its points at the right, near now.
    xAxis: { type: 'time', show: false, min: window.from, max: window.to },
    yAxis: { type: 'value', show: false, min: 0, max: 1 },
    series: [{
      type: 'line', showSymbol: few, symbolSize: 4, connectNulls: false,
      itemStyle: { color: rateColor(w.completionRate) },
      lineStyle: { width: 1.5, color: rateColor(w.completionRate) },
      areaStyle: { color: rateColor(w.completionRate), opacity: 0.12 },
      data,
    }],
  });
}

function card(label, value, extraClass) {
  return el('div', { class: 'card' }, el('div', { class: 'label' }, label),
    el('div', { class: 'value ' + (extraClass || '') }, value));
}

async function renderWorkflow(name) {
  const data = await api('/api/v1/workflows/' + encodeURIComponent(name) + '?' + windowQuery());
  show('workflow-view');
  disposeCharts();
  const s = data.summary;
  $('workflow-name').textContent = name;
  $('workflow-cards').replaceChildren(
    card('Completion (' + data.window.label + ')', el('span', { class: rateClass(s.completionRate) + ' completion' }, percent(s.completionRate))),
    card('p50', duration(s.p50Ms)), card('p95', duration(s.p95Ms)), card('p99', duration(s.p99Ms)),
    card('Runs', s.runs), card('Failed', s.failed, s.failed > 0 ? 'alert' : ''),
    card('Lost', s.lost, s.lost > 0 ? 'alert' : ''), card('Stuck now', s.stuck, s.stuck > 0 ? 'alert' : ''),
    card('In flight', s.inFlight));

  const times = s.series.map((p) => p.at);
  const base = {
    animation: false, grid: { left: 48, right: 12, top: 12, bottom: 28 },
    tooltip: { trigger: 'axis' }, xAxis: { type: 'time' },
  };
  chart($('chart-completion'), { ...base,
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v) => Math.round(v * 100) + '%' } },
    series: [{ type: 'line', name: 'completion', showSymbol: false, color: '#1a7f37',
      data: s.series.map((p) => [p.at, p.completionRate]) }] });
  chart($('chart-p95'), { ...base,
    yAxis: { type: 'value', axisLabel: { formatter: (v) => duration(v) } },
    series: [{ type: 'line', name: 'p95', showSymbol: false, color: '#0969da',
      data: s.series.map((p) => [p.at, p.p95Ms]) }] });
  chart($('chart-throughput'), { ...base,
    yAxis: { type: 'value' },
    series: [{ type: 'bar', name: 'runs/min', color: '#8250df', data: times.map((t, i) => [t, s.series[i].throughputPerMinute]) }] });

  const steps = $('steps').querySelector('tbody');
  steps.replaceChildren(...data.steps.map((st) => el('tr', { class: st.failures > 0 ? 'step-failed' : '' },
    el('td', {}, st.step), el('td', { class: 'num' }, st.count), el('td', { class: 'num' }, st.failures),
    el('td', { class: 'num' }, st.failingRuns), el('td', { class: 'num' }, duration(st.p50Ms)),
    el('td', { class: 'num' }, duration(st.p95Ms)))));
  await renderRuns(name);
}

async function renderRuns(name) {
  document.querySelectorAll('#workflow-view .tabs button').forEach((b) => {
    b.classList.toggle('active', b.dataset.state === state.runsState);
  });
  const page = await api('/api/v1/workflows/' + encodeURIComponent(name) + '/runs?state=' + state.runsState
    + '&' + windowQuery() + '&limit=' + PAGE_SIZE + '&offset=' + state.runsOffset);
  const running = state.runsState === 'stuck' || state.runsState === 'running';
  $('runs').querySelector('thead').replaceChildren(el('tr', {}, el('th', {}, 'Run'),
    el('th', {}, running ? 'Started' : 'Ended'), el('th', {}, running ? 'Running for' : 'Duration'),
    el('th', {}, running ? 'Stuck after' : 'Failing step'), el('th', {}, running ? '' : 'Error')));
  const tbody = $('runs').querySelector('tbody');
  tbody.replaceChildren(...page.runs.map((r) => el('tr', { class: 'clickable run-row', dataset: { run: r.id },
      onclick: () => { location.hash = '#/run/' + encodeURIComponent(r.id); } },
    el('td', {}, el('a', { class: 'run-link', href: '#/run/' + encodeURIComponent(r.id) }, r.id)),
    el('td', {}, when(running ? r.startedAt : (r.endedAt || r.lostAt))),
    el('td', { class: 'num' }, duration(running ? r.ageMs : r.durationMs)),
    el('td', {}, running ? duration(r.stuckAfterMs) : (r.failedStep || (r.status === 'lost' ? 'lost: process stopped reporting' : '–'))),
    el('td', {}, running ? '' : (r.errorType ? r.errorType.split('.').pop() + ': ' + (r.errorMessage || '') : '')))));
  $('runs').hidden = page.runs.length === 0;
  $('runs-empty').hidden = page.runs.length > 0;
  $('runs-empty').textContent = 'No ' + ({ failed: 'failed', stuck: 'stuck', lost: 'lost', running: 'in-flight' })[state.runsState]
    + ' runs' + (running ? ' now.' : ' in the last ' + page.window.label + '.');
  $('runs-range').textContent = page.total === 0 ? '' :
    (page.offset + 1) + '–' + (page.offset + page.runs.length) + ' of ' + page.total;
  $('runs-prev').disabled = page.offset === 0;
  $('runs-next').disabled = page.offset + page.runs.length >= page.total;
}

async function renderRun(id) {
  const run = await api('/api/v1/runs/' + encodeURIComponent(id));
  show('run-view');
  disposeCharts();
  $('run-id').textContent = run.id;
  $('run-status').textContent = run.status;
  $('run-status').className = 'status status-' + run.status;
  $('run-workflow-link').textContent = run.workflow;
  $('run-workflow-link').href = '#/workflow/' + encodeURIComponent(run.workflow);
  const facts = [['Workflow', run.workflow], ['Started', when(run.startedAt)], ['Ended', when(run.endedAt)],
    ['Duration', duration(run.durationMs)], ['Failing step', run.failedStep], ['Declared lost', run.lostAt && when(run.lostAt)],
    ['Service', run.service], ['Instance', run.instance], ['Source', run.source], ['Trace', run.traceId]];
  $('run-facts').replaceChildren(...facts.filter(([, v]) => v).flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  $('run-error').hidden = !run.error;
  if (run.error) {
    $('run-error').replaceChildren(el('strong', {}, run.error.type), ': ', run.error.message || '');
  }

  const steps = run.steps;
  const labels = steps.map((st) => '\u2003'.repeat(st.depth) + st.name);
  $('waterfall').style.height = Math.max(120, 34 * steps.length + 50) + 'px';
  chart($('waterfall'), {
    animation: false,
    grid: { left: 12, right: 24, top: 10, bottom: 28, containLabel: true },
    tooltip: { trigger: 'item', formatter: (p) => p.seriesName === 'offset' ? '' :
      steps[p.dataIndex].name + ': ' + duration(steps[p.dataIndex].durationMs) + ' (' + steps[p.dataIndex].status + ')' },
    xAxis: { type: 'value', axisLabel: { formatter: (v) => duration(v) } },
    yAxis: { type: 'category', inverse: true, data: labels },
    series: [
      { name: 'offset', type: 'bar', stack: 'run', silent: true, itemStyle: { color: 'transparent' },
        data: steps.map((st) => st.offsetMs) },
      { name: 'duration', type: 'bar', stack: 'run', barMinWidth: 2,
        data: steps.map((st) => ({ value: Math.max(st.durationMs, 0.001),
          itemStyle: { color: st.status === 'failed' ? '#cf222e' : '#2da44e' } })) },
    ],
  });
  $('run-steps').querySelector('tbody').replaceChildren(...steps.map((st) => el('tr', { class: 'step-row step-' + st.status },
    el('td', {}, '\u2003'.repeat(st.depth) + st.name), el('td', {}, st.status), el('td', { class: 'num' }, '+' + duration(st.offsetMs)),
    el('td', { class: 'num' }, duration(st.durationMs)),
    el('td', {}, st.error ? st.error.type.split('.').pop() + ': ' + (st.error.message || '') : ''))));
  const attributes = Object.entries(run.attributes || {});
  $('attributes-title').hidden = attributes.length === 0;
  $('run-attributes').replaceChildren(...attributes.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

// ------------------------------------------------------------------------------------------- routing

async function route() {
  state.generation++;
  const hash = location.hash || '#/';
  document.querySelectorAll('nav .windows button').forEach((b) => {
    b.classList.toggle('active', b.dataset.window === state.window);
  });
  if (!localStorage.getItem(KEY_STORAGE)) {
    askForKey();
    return;
  }
  try {
    if (!$('project').textContent) {
      const me = await api('/api/v1/me');
      $('project').textContent = 'project ' + me.project;
    }
    if (hash.startsWith('#/workflow/')) {
      await renderWorkflow(decodeURIComponent(hash.substring('#/workflow/'.length)));
    } else if (hash.startsWith('#/run/')) {
      await renderRun(decodeURIComponent(hash.substring('#/run/'.length)));
    } else {
      await renderOverview();
    }
    $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    if (e instanceof Superseded) {
      return;
    }
    if (e instanceof Unauthorized) {
      localStorage.removeItem(KEY_STORAGE);
      $('project').textContent = '';
      askForKey(e.message);
    } else {
      $('load-error').hidden = false;
      $('load-error').textContent = 'Could not load: ' + e.message;
    }
  }
}

function scheduleRefresh() {
  clearInterval(state.timer);
  if ($('auto-refresh').checked) {
    state.timer = setInterval(() => { if (!document.hidden && $('key-view').hidden) route(); }, REFRESH_MS);
  }
}

$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  localStorage.setItem(KEY_STORAGE, $('key-input').value.trim());
  $('key-input').value = '';
  route();
});
$('forget-key').addEventListener('click', () => {
  localStorage.removeItem(KEY_STORAGE);
  $('project').textContent = '';
  askForKey();
});
document.querySelectorAll('nav .windows button').forEach((b) => b.addEventListener('click', () => {
  state.window = b.dataset.window;
  localStorage.setItem(WINDOW_STORAGE, state.window);
  state.runsOffset = 0;
  route();
}));
document.querySelectorAll('#workflow-view .tabs button').forEach((b) => b.addEventListener('click', () => {
  state.runsState = b.dataset.state;
  state.runsOffset = 0;
  route();
}));
$('runs-prev').addEventListener('click', () => { state.runsOffset = Math.max(0, state.runsOffset - PAGE_SIZE); route(); });
$('runs-next').addEventListener('click', () => { state.runsOffset += PAGE_SIZE; route(); });
$('auto-refresh').addEventListener('change', scheduleRefresh);
window.addEventListener('hashchange', () => { state.runsOffset = 0; route(); });
window.addEventListener('resize', () => state.charts.forEach((c) => c.resize()));

route();
scheduleRefresh();
