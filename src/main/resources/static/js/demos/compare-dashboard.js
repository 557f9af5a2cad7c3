// compare-dashboard: lesson 08's monitoring dashboard over SSE. One EventSource on /sse/metrics,
// where the app publishes its own figures once a second into a hub room; the page shows the
// newest reading, with the change since the one before, as a table.
import { el, button, createStatus, closeOnPageHide, clock } from '../kit.js';

const URL = '/sse/metrics';
const mib = (bytes) => (bytes / 1048576).toFixed(1);
const ROWS = [
  ['heap in use (MiB)', (m) => mib(m.heapUsedBytes), (m) => m.heapUsedBytes],
  ['heap limit (MiB)', (m) => mib(m.heapMaxBytes), (m) => m.heapMaxBytes],
  ['threads', (m) => String(m.threads), (m) => m.threads],
  ['process CPU (% of the machine)', (m) => (m.processCpu === undefined ? 'not known yet' : m.processCpu.toFixed(1)), (m) => m.processCpu ?? 0],
  ['chat rooms open', (m) => String(m.chatRooms), (m) => m.chatRooms],
  ['chat members', (m) => String(m.chatMembers), (m) => m.chatMembers],
  ['dashboards open (this one included)', (m) => String(m.dashboards), (m) => m.dashboards],
  ['server up for (s)', (m) => String(m.uptimeSeconds), (m) => m.uptimeSeconds],
];

export function mount(section) {
  const body = section.querySelector('.demo-body');
  let source = null;
  let previous = null;
  let updates = 0;
  const status = createStatus(`Not connected. Connect opens an EventSource on ${URL}.`);
  const cells = ROWS.map(() => [el('td', { className: 'dash-value' }, '–'), el('td', { className: 'dash-change' }, '')]);
  const table = el('table', { className: 'compare-table dash-table', tabIndex: 0 },
    el('caption', {}, 'The app, measured once a second'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'figure'), el('th', { scope: 'col' }, 'now'),
      el('th', { scope: 'col' }, 'change'))),
    el('tbody', {}, ROWS.map(([name], i) => el('tr', {}, el('th', { scope: 'row' }, name), cells[i]))));
  const counter = el('p', { className: 'dash-updates' }, 'updates received: 0');
  const connect = button('Connect', open);
  const disconnect = button('Disconnect', close, { disabled: true });
  body.append(el('div', { className: 'demo-controls' }, connect, disconnect), status.element, counter, table);

  function open() {
    source = new EventSource(URL);
    connect.disabled = true;
    disconnect.disabled = false;
    status.set(`Connecting to ${URL}…`);
    source.addEventListener('open', () => status.set('Connected: a reading arrives every second.', 'ok'));
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) {
        status.set('The server refused the stream (too many dashboards?); the browser will not retry.', 'bad');
        connect.disabled = false;
        disconnect.disabled = true;
      } else {
        status.set('The connection was lost; the browser reconnects by itself.', 'bad');
      }
    });
    source.addEventListener('metrics', (event) => {
      const reading = JSON.parse(event.data);
      ROWS.forEach(([, show, value], i) => {
        cells[i][0].textContent = show(reading);
        const change = previous === null ? 0 : value(reading) - value(previous);
        cells[i][1].textContent = previous === null || change === 0 ? '' : change > 0 ? 'up' : 'down';
      });
      previous = reading;
      updates += 1;
      counter.textContent = `updates received: ${updates}, the last at ${clock()}`;
    });
  }

  function close() {
    source?.close();
    source = null;
    connect.disabled = false;
    disconnect.disabled = true;
    status.set('Disconnected. With no dashboard open, the app measures nothing.');
  }
  closeOnPageHide(() => source?.close());
}
