// compare-limit: lesson 08's connection limit. Opens seven EventSources to this page's own
// origin, then an ordinary fetch, and shows which opened and which waited. Over HTTP/1.1 the
// browser gives an origin six connections, so the seventh stream and the fetch wait; over
// HTTP/2 (https:// with the course started with --tls) all are streams of one connection.
import { el, button, createStatus, closeOnPageHide, randomId, dataTable } from '../kit.js';

const STREAMS = 7;
const WAIT_MS = 2500; // how long to watch before calling a stream or the fetch "waiting"

export function mount(section) {
  const body = section.querySelector('.demo-body');
  const protocol = performance.getEntriesByType('navigation')[0]?.nextHopProtocol || 'unknown';
  const status = createStatus(`This page came over ${protocol === 'h2' ? 'HTTP/2' : protocol === 'http/1.1' ? 'HTTP/1.1' : protocol}. `
    + `Open ${STREAMS} event streams to its origin and watch.`);
  const results = el('div', { className: 'limit-results' });
  const open = button(`Open ${STREAMS} event streams`, () => run(), { className: 'limit-open' });
  const close = button('Close them', () => { closeAll(); status.set('Closed: every connection is free again.'); }, { className: 'limit-close', disabled: true });
  const other = location.protocol === 'https:'
    ? el('p', {}, 'Compare with ', el('a', { href: `http://${location.host}${location.pathname}#the-connection-limit` }, 'this page over http://'), ' (HTTP/1.1).')
    : el('p', {}, 'Started with --tls? Compare with ', el('a', { href: `https://${location.host}${location.pathname}#the-connection-limit` }, 'this page over https://'),
      ' (HTTP/2; accept the self-signed certificate once).');
  body.append(el('div', { className: 'demo-controls' }, open, close), other, status.element, results);

  let sources = [];
  const closeAll = () => { sources.forEach((s) => s.close()); sources = []; open.disabled = false; close.disabled = true; };
  closeOnPageHide(closeAll);

  async function run() {
    open.disabled = true;
    close.disabled = false;
    const room = `limit-${randomId(4)}`;
    const started = performance.now();
    const openedAt = new Array(STREAMS).fill(null);
    sources = Array.from({ length: STREAMS }, (_, i) => {
      const source = new EventSource(`/sse/room/${room}?presence=off&name=stream-${i + 1}`);
      source.onopen = () => { openedAt[i] ??= performance.now() - started; };
      return source;
    });
    status.set(`Opening ${STREAMS} event streams, then a fetch to the same origin…`);
    await new Promise((resolve) => setTimeout(resolve, WAIT_MS / 2));
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), WAIT_MS);
    const fetchStarted = performance.now();
    let fetched;
    try {
      const response = await fetch('/api/rooms', { signal: controller.signal, cache: 'no-store' });
      await response.text();
      fetched = `answered in ${(performance.now() - fetchStarted).toFixed(0)} ms`;
    } catch (error) {
      fetched = `waited ${WAIT_MS} ms without an answer (given up)`;
    }
    clearTimeout(timer);
    const opened = openedAt.filter((t) => t !== null).length;
    results.replaceChildren(dataTable(`${STREAMS} EventSources to ${location.origin}`, ['stream', 'readyState', 'opened after'],
      sources.map((s, i) => [i + 1, s.readyState === 1 ? '1 OPEN' : s.readyState === 0 ? '0 CONNECTING (waiting)' : '2 CLOSED',
        openedAt[i] === null ? 'not yet' : `${openedAt[i].toFixed(0)} ms`]), 'compare-table limit-table'),
      el('p', { className: 'limit-fetch' }, `A fetch of /api/rooms from this page: ${fetched}.`));
    status.set(`${opened} of ${STREAMS} streams open; the fetch ${fetched.startsWith('answered') ? 'got through' : 'waited'}. `
      + (opened < STREAMS ? 'The browser has no connection left for this origin: close the streams to free them.'
        : 'Every stream and the fetch share the one connection.'), opened === STREAMS ? 'ok' : 'bad');
  }
}
