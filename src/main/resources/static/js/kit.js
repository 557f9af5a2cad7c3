// The course's one front-end kit: elements, a timestamped log, a status line, JSON requests,
// URLs, close codes and cleanup, shared by the pages (course.js, exercises.js), every demo
// widget and every security lab. Everything a user or a server supplies goes in as
// textContent, never as HTML.

/**
 * Creates an element: el('button', { type: 'button', className: 'x' }, 'Start').
 * Props: `text` sets textContent, `className` or `class` the class, `dataset` data-*, a
 * function under `onX` becomes a listener for X; other strings become attributes (so
 * `hidden: ''` and `spellcheck: 'false'` mean what they say in HTML), `value` and anything
 * else (booleans, numbers) is set as a property. null and undefined props are skipped.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined) continue;
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'text') node.textContent = value;
    else if (key === 'className' || key === 'class') node.className = value;
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'value' || typeof value !== 'string') node[key] = value;
    else node.setAttribute(key === 'htmlFor' ? 'for' : key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

/** A type="button" button that runs onClick: keyboard and pointer alike. */
export function button(text, onClick, props = {}) {
  return el('button', { type: 'button', ...props, onclick: onClick }, text);
}

/** Wall-clock time, 24-hour, with milliseconds unless told otherwise: "14:03:07.250". */
export function clock(date = new Date(), { millis = true } = {}) {
  const pad = (n, width = 2) => String(n).padStart(width, '0');
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return millis ? `${time}.${pad(date.getMilliseconds(), 3)}` : time;
}

/**
 * A log a widget writes to: { element, write(kind, text), clear() }. The element is a
 * `<pre class="demo-log">` with role="log" (screen readers announce new lines politely; pass
 * `live: 'off'` for a stream too fast to read out), a label, and a tab stop so a keyboard
 * can scroll it. `write` appends a timestamped line (kind: in, out, sys, err), keeps at most
 * `limit` lines so a long session cannot grow the page without bound, and follows new lines
 * unless the reader scrolled up. Returns the line.
 */
export function createLog(label, { live = 'polite', limit = 400, className = '' } = {}) {
  const element = el('pre', { className: `demo-log ${className}`.trim(), role: 'log', 'aria-label': label,
    'aria-live': live, tabIndex: 0 });
  const write = (kind, text) => {
    const following = element.scrollTop + element.clientHeight >= element.scrollHeight - 4;
    const line = el('span', { className: 'log-line' },
      el('span', { className: 't' }, clock() + ' '), el('span', { className: kind }, String(text)), '\n');
    element.append(line);
    while (element.childElementCount > limit) element.firstElementChild.remove();
    if (following) element.scrollTop = element.scrollHeight;
    return line;
  };
  return { element, write, clear: () => element.replaceChildren() };
}

/** The status line of a widget (role="status"): plain words about what just happened. */
export function createStatus(text) {
  const element = el('p', { className: 'demo-status', role: 'status' }, text);
  return {
    element,
    set(words, state) {
      element.textContent = words;
      element.classList.toggle('ok', state === 'ok');
      element.classList.toggle('bad', state === 'bad');
    },
  };
}

/**
 * POSTs `body` as JSON (none: an empty object) and resolves with the JSON answer. A refusal
 * throws an Error whose message is the server's reason (the app's refusals carry it as
 * Javalin's "title", the exercise routes as "error") and whose `status` is the HTTP status.
 */
export async function postJson(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body || {}),
  });
  return answerOf(response);
}

/** GETs JSON; errors as in postJson. */
export async function getJson(url) {
  return answerOf(await fetch(url, { headers: { Accept: 'application/json' } }));
}

async function answerOf(response) {
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : {}; } catch (e) { /* not JSON: keep the text */ }
  if (!response.ok) {
    const reason = data?.error || data?.title || text || 'no reason given';
    const error = new Error(`${response.status}: ${reason}`);
    error.status = response.status;
    error.reason = reason;
    throw error;
  }
  return data ?? {};
}

/**
 * ws:// or wss:// URL for a path on this page's own host (an https page must use wss);
 * `secure` overrides the choice, for the TLS lab's mixed-content attempts.
 */
export function socketUrl(path, secure = location.protocol === 'https:') {
  return `${secure ? 'wss:' : 'ws:'}//${location.host}${path}`;
}

/** A string as JSON, so a newline inside event data shows as \n instead of breaking the line. */
export function quoted(text) {
  return JSON.stringify(text);
}

/**
 * Runs close() when the page goes away, so no socket or stream outlives it: over HTTP/1.1 a
 * browser keeps at most six connections per scheme, host and port, and an event stream left
 * open holds one of them for the reader's other tabs.
 */
export function closeOnPageHide(close) {
  window.addEventListener('pagehide', close);
}

/** A short random id (hex): getRandomValues, unlike randomUUID, also works on plain http from another machine. */
export function randomId(bytes = 8) {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// region close-codes
/**
 * What each close code means, here and in the lessons (RFC 6455 section 7.4.1 and the IANA
 * registry). Each code has one meaning in this app: 1008 is "not allowed: do not retry as
 * is", 1013 "try again later", 4000 "replaced by a newer connection".
 */
export const CLOSE_CODES = {
  1000: 'normal closure',
  1001: 'going away',
  1002: 'protocol error',
  1003: 'unsupported data',
  1005: 'no status code in the close frame',
  1006: 'abnormal: no close frame at all (the handshake failed or the connection dropped)',
  1007: 'invalid data (e.g. text that is not UTF-8)',
  1008: 'policy violation: not allowed, do not retry as is',
  1009: 'message too big',
  1010: 'a required extension was not agreed',
  1011: 'server error',
  1012: 'service restart',
  1013: 'try again later',
  1014: 'bad gateway',
  1015: 'TLS handshake failed',
  4000: 'replaced by a newer connection',
};

/** The meaning of a close code, from CLOSE_CODES or its range; '' when unknown. */
export function closeMeaning(code) {
  if (CLOSE_CODES[code]) return CLOSE_CODES[code];
  if (code >= 4000 && code <= 4999) return 'application-defined';
  if (code >= 3000 && code <= 3999) return 'library-defined';
  return '';
}

/**
 * A close event in words. Short (for sentences): `1008 (policy violation: ...): the reason`.
 * `{ verbose: true }` (for the WebSocket API demos, which show every field):
 * `code 1000 (normal closure), reason "bye", wasClean true`.
 */
export function describeClose(event, { verbose = false } = {}) {
  const meaning = closeMeaning(event.code);
  const code = `${event.code}${meaning ? ` (${meaning})` : ''}`;
  if (verbose) return `code ${code}, reason ${JSON.stringify(event.reason)}, wasClean ${event.wasClean}`;
  return `${code}${event.reason ? `: ${event.reason}` : ''}`;
}
// endregion

// region charts
const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element: svg('rect', { x: 1, width: 4 }, ...children). Attributes only; text via `text`. */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined) continue;
    if (key === 'text') node.textContent = value;
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

/**
 * A table of figures for screen readers and for copying, beside every chart:
 * dataTable('Caption', ['a', 'b'], [[1, 2], ...]).
 */
export function dataTable(caption, headers, rows, className = 'compare-table') {
  // tabIndex: lesson tables scroll sideways on a narrow screen, and a keyboard must reach them
  return el('table', { className, tabIndex: 0 },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows.map((row) => el('tr', {}, row.map((cell, i) =>
      i === 0 ? el('th', { scope: 'row' }, String(cell)) : el('td', {}, String(cell)))))));
}

/**
 * A grouped bar chart as SVG (no library): one group per label, one bar per series, each bar
 * labelled with its value. The chart is an image named by `title`; put a dataTable of the
 * same numbers beside it for screen readers.
 */
export function barChart({ title, labels, series, unit = '', width = 640, height = 260 }) {
  const top = 24; const bottom = 40; const left = 44; const right = 8;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const plotH = height - top - bottom;
  const groupW = (width - left - right) / labels.length;
  const barW = Math.max(4, (groupW - 12) / series.length);
  const y = (v) => top + plotH - (v / max) * plotH;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'compare-chart', role: 'img', 'aria-label': title },
    svg('title', { text: title }),
    svg('line', { x1: left, y1: top + plotH, x2: width - right, y2: top + plotH, stroke: 'currentColor' }));
  labels.forEach((label, g) => {
    const x0 = left + g * groupW + 6;
    series.forEach((s, i) => {
      const v = s.values[g];
      chart.append(svg('rect', { x: x0 + i * barW, y: y(v), width: barW - 2, height: Math.max(0, top + plotH - y(v)),
        fill: s.color }, svg('title', { text: `${s.name}, ${label}: ${v}${unit}` })));
      chart.append(svg('text', { x: x0 + i * barW + (barW - 2) / 2, y: y(v) - 3, 'text-anchor': 'middle', text: String(v) }));
    });
    chart.append(svg('text', { x: x0 + (series.length * barW) / 2, y: height - bottom + 16, 'text-anchor': 'middle', text: label }));
  });
  const legendStep = Math.min(150, (width - left) / series.length);
  series.forEach((s, i) => {
    chart.append(svg('rect', { x: left + i * legendStep, y: height - 14, width: 10, height: 10, fill: s.color }));
    chart.append(svg('text', { x: left + i * legendStep + 14, y: height - 5, text: s.name }));
  });
  return chart;
}

/** The q-quantile (0..1) of numbers, nearest rank. */
export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/**
 * A histogram as SVG: `bins` equal bins from 0 to `max` (the last one also takes everything
 * above), with dashed lines at the given markers ({ name, value }). Pair it with a dataTable.
 */
export function histogramChart({ title, values, max, bins = 20, markers = [], unit = 'ms', color = SERIES_COLORS[0],
  width = 640, height = 200 }) {
  const top = 26; const bottom = 34; const left = 36; const right = 10;
  const counts = new Array(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v / max) * bins))] += 1;
  const most = Math.max(1, ...counts);
  const plotW = width - left - right; const plotH = height - top - bottom;
  const x = (v) => left + Math.min(1, v / max) * plotW;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'compare-chart', role: 'img', 'aria-label': title },
    svg('title', { text: title }),
    svg('line', { x1: left, y1: top + plotH, x2: width - right, y2: top + plotH, stroke: 'currentColor' }));
  counts.forEach((count, i) => {
    const h = (count / most) * plotH;
    chart.append(svg('rect', { x: left + (i * plotW) / bins + 1, y: top + plotH - h, width: plotW / bins - 2, height: h, fill: color },
      svg('title', { text: `${((i * max) / bins).toFixed(1)} to ${(((i + 1) * max) / bins).toFixed(1)} ${unit}: ${count}` })));
  });
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    chart.append(svg('text', { x: x(v), y: height - bottom + 14, 'text-anchor': 'middle', text: `${v.toFixed(v < 10 ? 1 : 0)}` }));
  }
  chart.append(svg('text', { x: width - right, y: height - 4, 'text-anchor': 'end', text: unit }));
  markers.forEach((m, i) => {
    chart.append(svg('line', { x1: x(m.value), y1: top - 4, x2: x(m.value), y2: top + plotH, stroke: 'currentColor', 'stroke-dasharray': '4 3' }));
    chart.append(svg('text', { x: x(m.value) + 3, y: top - 8 + i * 12, text: `${m.name} ${m.value.toFixed(2)}` }));
  });
  return chart;
}

/**
 * A timeline as SVG: one lane per series ({ name, color, times }), a tick per moment from 0 to
 * `max`, the lane's name above it. For when things happened, not how many; pair it with a dataTable.
 */
export function timelineChart({ title, lanes, max, unit = 'ms', width = 640 }) {
  const left = 10; const right = 10; const laneH = 40; const top = 6; const axisH = 30;
  const height = top + lanes.length * laneH + axisH;
  const plotW = width - left - right;
  const x = (v) => left + Math.min(1, Math.max(0, v / max)) * plotW;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'compare-chart', role: 'img', 'aria-label': title },
    svg('title', { text: title }));
  lanes.forEach((lane, i) => {
    const y0 = top + i * laneH;
    chart.append(svg('text', { x: left, y: y0 + 12, text: lane.name }));
    chart.append(svg('line', { x1: left, y1: y0 + laneH - 6, x2: width - right, y2: y0 + laneH - 6, stroke: 'currentColor',
      'stroke-opacity': 0.4 }));
    lane.times.forEach((t) => {
      chart.append(svg('rect', { x: x(t) - 1.5, y: y0 + 17, width: 3, height: laneH - 23, fill: lane.color },
        svg('title', { text: `${lane.name}: ${t} ${unit}` })));
    });
  });
  const axisY = top + lanes.length * laneH;
  for (let i = 0; i <= 5; i++) {
    const v = (max * i) / 5;
    chart.append(svg('text', { x: x(v), y: axisY + 16, 'text-anchor': i === 0 ? 'start' : i === 5 ? 'end' : 'middle',
      text: `${Math.round(v)} ${unit}` }));
  }
  return chart;
}

/** Series colours that keep 3:1 contrast against both themes' backgrounds. */
export const SERIES_COLORS = ['#1f6fb2', '#b4540a', '#2e7d32', '#8e3b9c', '#96700f'];
// endregion

/** The value of a cookie scripts may read ('' when unset): HttpOnly ones never show here. */
export function cookie(name) {
  const found = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
  return found ? decodeURIComponent(found.slice(name.length + 1)) : '';
}
