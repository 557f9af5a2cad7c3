// compare-buffer: lesson 08's buffering proxy. Asks the app (POST /labs/compare/buffering) to
// publish 22 events into a room, one every 100 ms, and to read the room's stream through two
// relays on 127.0.0.1: one buffers like a default nginx, the other honours the app's
// X-Accel-Buffering: no. Draws when each event was published and when each reader got it.
import { el, button, createStatus, postJson, dataTable, timelineChart, SERIES_COLORS } from '../kit.js';

/** Arrivals closer than this to the one before belong to the same burst. */
const SAME_BURST_MS = 30;

/** How many bursts a list of arrival times forms. */
export function bursts(times) {
  let count = 0;
  let previous = -Infinity;
  for (const t of [...times].sort((a, b) => a - b)) {
    if (t - previous >= SAME_BURST_MS) count += 1;
    previous = t;
  }
  return count;
}

export function mount(section) {
  const body = section.querySelector('.demo-body');
  const status = createStatus('Press the button: 22 events, one every 100 ms, read through two proxies.');
  const results = el('div', { className: 'buffer-results' });
  const run = button('Send 22 events through both proxies', async () => {
    run.disabled = true;
    status.set('Publishing 22 events, one every 100 ms, and reading them through both proxies…');
    try {
      show(await postJson('/labs/compare/buffering'));
      status.set('Done. Times are in milliseconds from the first event published.', 'ok');
    } catch (error) {
      status.set(`The experiment failed: ${error.message}`, 'bad');
    } finally {
      run.disabled = false;
    }
  }, { className: 'buffer-run' });
  body.append(el('div', { className: 'demo-controls' }, run), status.element, results);

  function show(result) {
    const events = result.events;
    const lanes = [
      { name: 'published by the app', color: SERIES_COLORS[0], times: events.map((e) => e.published) },
      { name: 'through the buffering proxy', color: SERIES_COLORS[1], times: events.map((e) => e.buffered).filter((t) => t !== null) },
      { name: 'through the proxy honouring X-Accel-Buffering: no', color: SERIES_COLORS[2],
        times: events.map((e) => e.oneByOne).filter((t) => t !== null) },
    ];
    const max = Math.max(result.responseEndedAt, ...lanes.flatMap((l) => l.times)) * 1.02;
    const chart = timelineChart({ title: `When each of the ${events.length} events was published and when each reader got it, in ms`, lanes, max });
    const summary = dataTable('Arrivals in bursts (arrivals less than 30 ms apart count as one burst)',
      ['reader', 'events received', 'bursts'],
      lanes.slice(1).map((l) => [l.name, l.times.length, bursts(l.times)]), 'compare-table buffer-summary');
    const table = dataTable('Each event: published and received, ms from the first event (the chart\'s figures)',
      ['event', 'published', 'buffering proxy', 'honouring X-Accel-Buffering'],
      events.map((e) => [e.seq, e.published.toFixed(1), e.buffered === null ? 'never' : e.buffered.toFixed(1),
        e.oneByOne === null ? 'never' : e.oneByOne.toFixed(1)]), 'compare-table buffer-events');
    results.replaceChildren(el('figure', { className: 'compare-figure' }, chart), summary, table,
      el('p', {}, `The buffering proxy holds ${result.bufferBytes} bytes before it passes anything on; what it still held went when `
        + `the app ended the response, at ${result.responseEndedAt.toFixed(0)} ms.`));
  }
}
