// compare-race: lesson 08's latency race. The same round trip four ways, one at a time, at the
// same pace: a WebSocket echo; a POST to a room that comes back on an EventSource; a POST that
// comes back on a long poll; a POST that a short-polling loop finds on its next check. The
// EventSource stays open through the race: it keeps the room, and so its history, alive between
// polls, as a long-polling server keeps a session per client.
import { el, button, createStatus, socketUrl, closeOnPageHide, randomId, dataTable, histogramChart, quantile,
  SERIES_COLORS } from '../kit.js';

const PACE_MS = 15; // at most one round trip every 15 ms: the app allows a socket 100 messages a second
const WAYS = [
  ['ws', 'WebSocket echo'],
  ['sse', 'SSE + POST'],
  ['long', 'Long polling + POST'],
  ['short', 'Short polling + POST'],
];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function mount(section) {
  const body = section.querySelector('.demo-body');
  const countInput = el('input', { type: 'number', className: 'race-count', value: '200', min: '10', max: '500', 'aria-label': 'Round trips per way' });
  const intervalInput = el('input', { type: 'number', className: 'race-interval', value: '50', min: '10', max: '1000', 'aria-label': 'Short-polling interval in milliseconds' });
  const status = createStatus('Choose how many round trips and the short-polling interval, then start.');
  const results = el('div', { className: 'race-results' });
  const start = button('Start the race', () => race().catch((error) => {
    status.set(`The race stopped: ${error.message}`, 'bad');
  }).finally(() => { start.disabled = false; cleanup(); }), { className: 'race-run' });
  body.append(el('div', { className: 'demo-controls' },
    el('label', {}, 'round trips per way ', countInput), el('label', {}, 'short-polling interval (ms) ', intervalInput), start),
    status.element, results);

  let socket = null; let source = null;
  const cleanup = () => { socket?.close(); source?.close(); socket = null; source = null; };
  closeOnPageHide(cleanup);

  async function race() {
    start.disabled = true;
    results.replaceChildren();
    const count = Math.min(500, Math.max(10, Number(countInput.value) || 200));
    const interval = Math.min(1000, Math.max(10, Number(intervalInput.value) || 50));
    const room = `race-${randomId(4)}`;
    let posted = 0; // the sequence number of the last message posted
    const post = (text) => fetch(`/sse/room/${room}?name=racer`, { method: 'POST', body: text }).then((r) => {
      if (!r.ok) throw new Error(`POST answered ${r.status}`);
      return r.json();
    }).then((answer) => { posted = Math.max(posted, answer.seq); return answer; });

    // The room's event stream: the SSE way's receiver, and the member that keeps the room open.
    const waiters = new Map();
    source = new EventSource(`/sse/room/${room}?presence=off&name=race-sse`);
    source.addEventListener('message', (event) => {
      const text = JSON.parse(event.data).text;
      waiters.get(text)?.(); waiters.delete(text);
    });
    await new Promise((resolve, reject) => {
      source.onopen = resolve;
      source.onerror = () => reject(new Error('the event stream did not open'));
    });
    source.onerror = null;
    socket = new WebSocket(socketUrl('/ws/echo'));
    await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = () => reject(new Error('the WebSocket did not open')); });

    let last = 0; // the room's last sequence number seen by the polling ways
    const rounds = {
      ws: (text) => new Promise((resolve) => {
        socket.onmessage = (event) => { if (event.data === text) resolve(); };
        socket.send(text);
      }),
      sse: (text) => {
        const arrived = new Promise((resolve) => waiters.set(text, resolve));
        return post(text).then(() => arrived);
      },
      long: async (text) => {
        const poll = fetch(`/poll/room/${room}?after=${last}&wait=10000`).then((r) => r.json());
        const [answer] = await Promise.all([poll, post(text)]);
        last = answer.last;
        if (!answer.events.some((e) => e.text === text)) throw new Error('a long poll came back without the message');
      },
      short: async (text) => {
        const epoch = performance.now();
        await post(text);
        for (let tick = 1; ; tick++) {
          await sleep(Math.max(0, epoch + tick * interval - performance.now()));
          const answer = await fetch(`/poll/room/${room}?after=${last}&wait=0`).then((r) => r.json());
          last = answer.last;
          if (answer.events.some((e) => e.text === text)) return;
        }
      },
    };
    const timings = {};
    for (const [way, name] of WAYS) {
      last = posted; // the polling ways ask for what came after the last message posted so far
      timings[way] = [];
      for (let i = 0; i < count; i++) {
        status.set(`${name}: round trip ${i + 1} of ${count}…`);
        const text = `${way}-${i}`;
        const t0 = performance.now();
        await rounds[way](text);
        const took = performance.now() - t0;
        timings[way].push(took);
        await sleep(Math.max(0, PACE_MS - took));
      }
    }
    show(timings, count, interval);
    status.set(`Done: ${count} round trips each way. Short polling checked every ${interval} ms.`, 'ok');
  }

  function show(timings, count, interval) {
    const stats = WAYS.map(([way, name]) => {
      const v = timings[way];
      return { way, name, v, p50: quantile(v, 0.5), p90: quantile(v, 0.9), p99: quantile(v, 0.99), max: Math.max(...v) };
    });
    const summary = dataTable(`Round trip in milliseconds, ${count} each (the same figures as the charts)`,
      ['way', 'p50', 'p90', 'p99', 'max'],
      stats.map((s) => [s.name, s.p50.toFixed(2), s.p90.toFixed(2), s.p99.toFixed(2), s.max.toFixed(2)]), 'compare-table race-summary');
    const charts = stats.map((s, i) => el('figure', { className: 'compare-figure', dataset: { way: s.way } },
      histogramChart({ title: `${s.name}: round trips in ms, p50 ${s.p50.toFixed(2)}, p99 ${s.p99.toFixed(2)}`, values: s.v,
        max: Math.max(1, s.way === 'short' ? interval * 1.5 : quantile(s.v, 0.99) * 1.25),
        markers: [{ name: 'p50', value: s.p50 }, { name: 'p99', value: s.p99 }], color: SERIES_COLORS[i] }),
      el('figcaption', {}, `${s.name}: p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms (figures in the table above)`)));
    results.replaceChildren(summary, ...charts);
  }
}
