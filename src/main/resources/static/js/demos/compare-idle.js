// compare-idle: lesson 08's cost of an idle connection. Asks the app (POST
// /labs/compare/idle-cost?n=N) to open N WebSockets and then N event streams to itself, each a
// silent room member, and to weigh its heap after a full garbage collection before and after
// each batch; shows KiB per connection for each transport. The app closes them when done.
import { el, button, createStatus, postJson, dataTable, barChart, SERIES_COLORS } from '../kit.js';

const MAX = 200;
const kib = (bytes) => (bytes / 1024).toFixed(1);

export function mount(section) {
  const body = section.querySelector('.demo-body');
  const countInput = el('input', { type: 'number', className: 'idle-count', value: '100', min: '1', max: String(MAX),
    'aria-label': 'Connections of each kind' });
  const status = createStatus(`Choose how many connections of each kind (1 to ${MAX}), then measure.`);
  const results = el('div', { className: 'idle-results' });
  const run = button('Open them and weigh the heap', async () => {
    run.disabled = true;
    const n = Math.min(MAX, Math.max(1, Math.round(Number(countInput.value)) || 100));
    status.set(`Opening ${n} WebSockets, then ${n} event streams, and collecting garbage between the batches…`);
    try {
      show(await postJson(`/labs/compare/idle-cost?n=${n}`));
      status.set(`Done: ${n} of each were open while the heap was weighed, and are closed again.`, 'ok');
    } catch (error) {
      status.set(`The experiment failed: ${error.message}`, 'bad');
    } finally {
      run.disabled = false;
    }
  }, { className: 'idle-run' });
  body.append(el('div', { className: 'demo-controls' }, el('label', {}, 'connections of each kind ', countInput), run),
    status.element, results);

  function show(result) {
    const perConnection = dataTable(`Heap per idle connection, ${result.n} of each (KiB)`, ['transport', 'KiB per connection'],
      [['WebSocket', kib(result.webSocketBytes)], ['event stream', kib(result.eventStreamBytes)]], 'compare-table idle-summary');
    const heap = dataTable('The app\'s heap after a full garbage collection (MiB)', ['when', 'heap in use'],
      [['before', result.heapBefore], [`with ${result.n} WebSockets`, result.heapWithWebSockets],
        [`and ${result.n} event streams`, result.heapWithEventStreams]].map(([when, bytes]) => [when, (bytes / 1048576).toFixed(2)]),
      'compare-table idle-heap');
    const chart = barChart({
      title: 'Heap per idle connection, in KiB',
      labels: ['per connection'],
      series: [
        { name: 'WebSocket', color: SERIES_COLORS[0], values: [Number(kib(result.webSocketBytes))] },
        { name: 'event stream', color: SERIES_COLORS[1], values: [Number(kib(result.eventStreamBytes))] },
      ],
      unit: ' KiB',
      height: 200,
    });
    results.replaceChildren(el('figure', { className: 'compare-figure' }, chart, perConnection), heap,
      el('p', {}, `Collector: ${result.gc.join(', ')}. Other work in the app between two weighings shows up as noise: `
        + 'run it again with more connections for a steadier figure.'));
  }
}
