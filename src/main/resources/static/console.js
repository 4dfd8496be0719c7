'use strict';
// The console: plain browser JavaScript, no build step. Every live panel reads a server-sent event
// stream through fetch() rather than EventSource, so that the API key or token travels in a header
// (EventSource cannot send headers; a key in the URL would end up in logs and browser history).
// GET /me says what the caller may do; the console shows only that.

const MAX_ROWS = 200;
const RATE_WINDOW_MS = 5 * 60 * 1000;
const $ = (id) => document.getElementById(id);
const credential = $('credential');
const credentialKind = $('credential-kind');
credential.value = sessionStorage.getItem('streamgate.credential') || '';
credentialKind.value = sessionStorage.getItem('streamgate.credentialKind') || 'api-key';

function headers(extra = {}) {
  const value = credential.value.trim();
  if (!value) return extra;
  return credentialKind.value === 'bearer' ? { ...extra, Authorization: 'Bearer ' + value } : { ...extra, 'X-API-Key': value };
}

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: headers(options.headers || {}) });
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  return { ok: response.ok, status: response.status, body };
}

/** Reads an event stream; reconnects with Last-Event-ID when it ends or fails. Returns a function that closes it. */
function stream(path, onEvent, onState = () => {}) {
  let lastEventId = null;
  let controller = null;
  let closed = false;
  async function connect() {
    controller = new AbortController();
    try {
      const extra = { Accept: 'text/event-stream' };
      if (lastEventId) extra['Last-Event-ID'] = lastEventId;
      const response = await fetch(path, { headers: headers(extra), signal: controller.signal });
      if (!response.ok) {
        onState('DISCONNECTED', (await response.json()).detail);
        // A 503 passes (Kafka away, the service stopping); any other error would be answered the same again.
        if (response.status === 503 && !closed) setTimeout(connect, 2000);
        return;
      }
      onState('CONNECTED');
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = { name: 'message', data: '' };
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'event') event.name = text;
            else if (field === 'data') event.data += (event.data ? '\n' : '') + text;
            else if (field === 'id') { event.id = text; lastEventId = text; }
          }
          if (event.data) onEvent(event.name, JSON.parse(event.data));
        }
      }
    } catch (e) {
      if (closed) return;
    }
    if (!closed) {
      onState('DISCONNECTED');
      setTimeout(connect, 2000);
    }
  }
  connect();
  return () => { closed = true; if (controller) controller.abort(); };
}

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text === null || text === undefined ? '' : (typeof text === 'object' ? JSON.stringify(text) : String(text));
  return td;
}

function badge(element, state) {
  element.dataset.state = state;
  element.textContent = state; // the state in words, beside its colour
}

// ---- the topic's live tail ----
let paused = false;
const held = [];
function addTailRow(record) {
  const row = document.createElement('tr');
  row.append(cell(record.partition + ':' + record.offset), cell(record.key), cell(record.value), cell(record.timestamp));
  row.dataset.text = ((record.key || '') + ' ' + (record.value || '')).toLowerCase();
  applyFilter(row);
  const rows = $('tail-rows');
  rows.prepend(row);
  while (rows.children.length > MAX_ROWS) rows.lastChild.remove();
}
function applyFilter(row) {
  const filter = $('tail-filter').value.trim().toLowerCase();
  row.hidden = filter !== '' && !row.dataset.text.includes(filter);
}
$('tail-filter').addEventListener('input', () => [...$('tail-rows').children].forEach(applyFilter));
$('tail-pause').addEventListener('click', () => {
  paused = !paused;
  $('tail-pause').textContent = paused ? 'Resume' : 'Pause';
  $('tail-pause').setAttribute('aria-pressed', String(paused));
  if (!paused) held.splice(0).forEach(addTailRow);
  $('tail-status').textContent = paused ? 'paused: new records are held' : '';
});

// ---- produce ----
$('produce-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const out = $('produce-result');
  let value, hdrs;
  try {
    value = JSON.parse($('produce-value').value);
    hdrs = $('produce-headers').value.trim() ? JSON.parse($('produce-headers').value) : undefined;
  } catch (err) {
    out.className = 'error';
    out.textContent = 'Not valid JSON: ' + err.message;
    return;
  }
  const key = $('produce-key').value.trim() || undefined;
  const topic = $('produce-topic').value;
  const path = topic ? `/topics/${encodeURIComponent(topic)}/messages` : '/messages';
  const response = await api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ key, value, headers: hdrs }) });
  out.className = response.ok ? '' : 'error';
  out.textContent = response.ok ? `acknowledged: partition ${response.body.partition}, offset ${response.body.offset}`
    : response.body.detail;
});

/** Every topic clients may produce to (not the dead letters), the service's own first and chosen. */
function fillTopicPicker(topics) {
  const picker = $('produce-topic');
  const chosen = picker.value;
  picker.replaceChildren(...topics.filter((t) => t.role !== 'dead-letters').map((t) => {
    const option = document.createElement('option');
    option.value = t.name;
    option.textContent = t.role === 'topic' ? t.name : `${t.name} (${t.role})`;
    return option;
  }));
  if ([...picker.options].some((option) => option.value === chosen)) picker.value = chosen;
}

// ---- queries ----
let selected = null;
let closeQueryStream = () => {};
const queries = new Map(); // name -> what GET /queries says of it
async function refreshQueries() {
  const response = await api('/queries');
  if (!response.ok) return [];
  api('/topics').then((topics) => { if (topics.ok) fillTopicPicker(topics.body); });
  refreshRelations();
  const body = $('queries');
  body.replaceChildren();
  queries.clear();
  for (const query of response.body) {
    queries.set(query.name, query);
    const row = document.createElement('tr');
    const name = cell(query.name);
    name.className = 'query-name';
    const state = document.createElement('td');
    const stateBadge = document.createElement('span');
    stateBadge.className = 'badge';
    badge(stateBadge, query.status.state);
    state.append(stateBadge);
    const actions = document.createElement('td');
    if (scopes.has('operate')) {
      const running = query.status.state === 'RUNNING';
      const button = document.createElement('button');
      button.textContent = running ? 'Stop' : 'Start';
      button.dataset.query = query.name;
      button.addEventListener('click', async () => {
        const result = await api(`/queries/${query.name}/${running ? 'stop' : 'start'}`, { method: 'POST' });
        if (!result.ok) alert(result.body.detail);
        refreshQueries();
      });
      actions.append(button, ' ');
    }
    const show = document.createElement('button');
    show.textContent = 'Show';
    show.addEventListener('click', () => select(query.name));
    actions.append(show);
    const lag = cell('');
    lag.className = 'lag';
    showLag(lag, query.status.flow);
    row.append(name, state, cell(query.definition ? query.definition.mode : ''), lag, actions);
    row.dataset.query = query.name;
    body.append(row);
  }
  return response.body;
}

// The streams and tables SQL reads by name, with their columns; the editor names them too.
async function refreshRelations() {
  const [streams, tables] = await Promise.all([api('/streams'), api('/tables')]);
  if (!streams.ok || !tables.ok) return;
  const body = $('relations');
  body.replaceChildren();
  const readable = [document.createElement('code')];
  readable[0].textContent = 'events';
  for (const relation of [...streams.body, ...tables.body]) {
    const row = document.createElement('tr');
    row.dataset.relation = relation.name;
    const columns = relation.columns.map((column) => `${column.name} ${column.type}`).join(', ');
    row.append(cell(relation.name), cell(relation.kind + (relation.key ? ` (key ${relation.key})` : '')),
      cell(relation.topic), cell(columns));
    body.append(row);
    const name = document.createElement('code');
    name.textContent = relation.name;
    readable.push(name);
  }
  $('readable').replaceChildren(...readable.flatMap((name, i) => (i === 0 ? [name] : [', ', name])));
}

$('query-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const name = $('query-name').value.trim();
  const request = { sql: $('query-sql').value, mode: $('query-mode').value };
  if ($('query-output').value.trim()) request.outputTopic = $('query-output').value.trim();
  const response = await api(`/queries/${encodeURIComponent(name)}`, { method: 'PUT',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request) });
  $('query-error').textContent = response.ok ? '' : `${response.body.errorClass ? response.body.errorClass + ': ' : ''}${response.body.detail}`;
  if (response.ok) {
    await refreshQueries();
    select(name);
  }
});

// ---- how a query keeps up: its lag, whether it falls behind, the rows it dropped as late ----
function showLag(element, flow) {
  if (!flow) { element.textContent = ''; return; }
  element.textContent = flow.lag.records + (flow.behind ? ' (behind)' : '');
  element.dataset.behind = String(flow.behind);
}
function showFlow(flow) {
  const row = [...$('queries').children].find((tr) => tr.dataset.query === selected);
  if (row) showLag(row.querySelector('.lag'), flow);
  $('selected-flow').textContent = `Lag ${flow.lag.records} records` + (flow.behind ? `, behind since ${flow.behindSince}` : '')
    + (flow.watermark ? ` · watermark ${flow.watermark}` : '') + ` · state ${flow.state.rows} rows`;
  const late = flow.lateRows.total;
  $('late-warning').hidden = late === 0;
  $('late-warning').textContent = late === 0 ? '' : `⚠ ${late} late rows dropped since the start: `
    + `they came after the watermark (${flow.lateRows.lastBatch} in the last batch)`;
}

// ---- the selected query: state, rows/s, results ----
let rates = [];
function drawRates() {
  const now = Date.now();
  rates = rates.filter((point) => now - point.t <= RATE_WINDOW_MS);
  const max = Math.max(1, ...rates.map((point) => point.v));
  $('rate-line').setAttribute('points', rates.map((point) =>
    `${(300 * (1 - (now - point.t) / RATE_WINDOW_MS)).toFixed(1)},${(78 - 76 * point.v / max).toFixed(1)}`).join(' '));
}
// A query's output columns, as GET /queries declares them; one without (the default query) has processed
// records for rows, of which what was parsed and why it is invalid say the most.
const RECORD_COLUMNS = ['key', 'offset', 'fields', 'valid', 'validationError'];
function columnsOf(name) {
  const query = queries.get(name);
  return query && query.columns ? query.columns.map((column) => column.name).slice(0, 6) : RECORD_COLUMNS;
}
function showRows(rows, prepend) {
  const body = $('results');
  if (!prepend) body.replaceChildren();
  if (rows.length === 0) return;
  const columns = columnsOf(selected);
  const head = document.createElement('tr');
  columns.forEach((column) => { const th = document.createElement('th'); th.textContent = column; head.append(th); });
  $('results-head').replaceChildren(head);
  [...rows].reverse().forEach((row) => {
    const tr = document.createElement('tr');
    columns.forEach((column) => tr.append(cell(row[column])));
    body.prepend(tr);
  });
  while (body.children.length > MAX_ROWS) body.lastChild.remove();
}
async function select(name) {
  selected = name;
  closeQueryStream();
  rates = [];
  drawRates();
  $('selected-query').textContent = name;
  $('selected-flow').textContent = '';
  $('late-warning').hidden = true;
  const known = queries.get(name);
  if (known && known.status.flow) showFlow(known.status.flow);
  const results = await api(`/queries/${name}/results`);
  showRows(results.ok ? results.body : [], false);
  closeQueryStream = stream(`/queries/${name}/events`, (event, data) => {
    if (event === 'state') {
      badge($('selected-state'), data.state);
      refreshQueries();
    } else if (event === 'progress') {
      rates.push({ t: Date.parse(data.timestamp) || Date.now(), v: data.processedRowsPerSecond || 0 });
      $('rate-now').textContent = Math.round(data.processedRowsPerSecond || 0);
      drawRates();
      if (data.flow) showFlow(data.flow);
    } else if (event === 'rows') {
      showRows(data, true);
    }
  });
}

// ---- the archive: SQL over every record kept ----
$('archive-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const status = $('archive-status');
  status.className = '';
  status.textContent = 'running…';
  const limit = parseInt($('archive-limit').value, 10);
  const response = await api('/archive/query', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(Number.isFinite(limit) ? { sql: $('archive-sql').value, limit } : { sql: $('archive-sql').value }) });
  if (!response.ok) {
    status.className = 'error';
    status.textContent = `${response.body.errorClass ? response.body.errorClass + ': ' : ''}${response.body.detail}`;
    return;
  }
  const head = document.createElement('tr');
  response.body.columns.forEach((column) => {
    const th = document.createElement('th');
    th.textContent = column.name;
    th.title = column.type;
    head.append(th);
  });
  $('archive-head').replaceChildren(head);
  $('archive-rows').replaceChildren(...response.body.rows.map((row) => {
    const tr = document.createElement('tr');
    response.body.columns.forEach((column) => tr.append(cell(row[column.name])));
    return tr;
  }));
  status.textContent = `${response.body.rows.length} rows` + (response.body.truncated ? ', more matched than the limit' : '');
});

// ---- start: who the caller is, the service's topics, then every panel the caller may use ----
let scopes = new Set();
async function signIn() {
  const me = await api('/me');
  if (!me.ok) {
    $('sign-in').hidden = false;
    $('caller').textContent = me.body.detail || 'not signed in';
    badge($('connection'), 'DISCONNECTED');
    return false;
  }
  scopes = new Set(me.body.scopes);
  $('sign-in').hidden = me.body.accepts.length === 0;
  [...credentialKind.options].forEach((option) => { option.hidden = !me.body.accepts.includes(option.value); });
  if (!me.body.accepts.includes(credentialKind.value)) credentialKind.value = me.body.accepts[0] || 'api-key';
  $('caller').textContent = me.body.name ? `${me.body.name}: ${me.body.scopes.join(', ') || 'no scope'}` : 'not signed in';
  // Only what the caller may do: producing needs "produce", changing queries "operate", the rest "read".
  $('produce-panel').hidden = !scopes.has('produce');
  $('sql-editor').hidden = !scopes.has('operate');
  for (const panel of ['tail-panel', 'queries-panel', 'query-panel', 'archive-panel', 'dlt-panel']) $(panel).hidden = !scopes.has('read');
  const allowed = me.body.accepts.length === 0 || scopes.size > 0;
  $('not-allowed').hidden = allowed;
  $('not-allowed').textContent = me.body.name ? 'This key or token has no scope of this service.'
    : 'Sign in with an API key or a bearer token.';
  $('connection').hidden = !scopes.has('read');
  return scopes.has('read');
}

async function start() {
  if (!await signIn()) return;
  const topics = await api('/topics');
  if (!topics.ok) {
    badge($('connection'), 'DISCONNECTED');
    $('connection').textContent = topics.body.detail || 'not connected';
    return;
  }
  const main = topics.body.find((t) => t.role === 'topic').name;
  fillTopicPicker(topics.body);
  const deadLetters = topics.body.find((t) => t.role === 'dead-letters').name;
  $('tail-topic').textContent = main;
  $('dlt-topic').textContent = deadLetters;
  stream(`/topics/${encodeURIComponent(main)}/tail?from=latest`, (event, record) => {
    if (event !== 'record') return;
    if (paused) held.push(record); else addTailRow(record);
  }, (state, reason) => { badge($('connection'), state); if (reason) $('tail-status').textContent = reason; });
  stream(`/topics/${encodeURIComponent(deadLetters)}/tail?from=earliest`, (event, record) => {
    if (event !== 'record') return;
    const row = document.createElement('tr');
    row.append(cell(record.partition + ':' + record.offset), cell(record.value), cell(record.headers['streamgate.validation.error']));
    $('dlt-rows').prepend(row);
    while ($('dlt-rows').children.length > MAX_ROWS) $('dlt-rows').lastChild.remove();
  });
  // The default query is the first that GET /queries lists.
  const listed = await refreshQueries();
  if (listed.length > 0) select(listed[0].name);
  setInterval(drawRates, 5000);
}
$('sign-in').addEventListener('submit', (e) => {
  e.preventDefault();
  sessionStorage.setItem('streamgate.credential', credential.value);
  sessionStorage.setItem('streamgate.credentialKind', credentialKind.value);
  location.reload();
});
start();
