// compare-wire: lesson 08's bytes on the wire. Asks the app to connect to itself through its
// recording relay (POST /labs/compare/wire), then shows what the relay captured: the
// once-per-connection bytes, each message's bytes and overhead by part, a chart and the raw
// 5-byte captures.
import { el, button, createStatus, postJson, dataTable, barChart, SERIES_COLORS } from '../kit.js';

export function mount(section) {
  const body = section.querySelector('.demo-body');
  const status = createStatus('Press the button: the app records its own connections through a relay on 127.0.0.1.');
  const results = el('div', { className: 'wire-results' });
  const run = button('Record the bytes', async () => {
    run.disabled = true;
    status.set('Recording: WebSocket echo, then an event stream and POSTs, through the relay…');
    try {
      show(await postJson('/labs/compare/wire'));
      status.set('Recorded. Every figure below is a count of captured bytes.', 'ok');
    } catch (error) {
      status.set(`The experiment failed: ${error.message}`, 'bad');
    } finally {
      run.disabled = false;
    }
  }, { className: 'wire-run' });
  body.append(el('div', { className: 'demo-controls' }, run), status.element, results);

  function show(result) {
    const messages = result.messages;
    const find = (transport, what, size) => messages.find((m) => m.transport === transport && m.what === what && m.payload === size);
    const sizes = [...new Set(messages.map((m) => m.payload))];
    const wsUp = (s) => messages.find((m) => m.transport === 'WebSocket' && m.direction === 'client to server' && m.payload === s);
    const wsDown = (s) => messages.find((m) => m.transport === 'WebSocket' && m.direction === 'server to client' && m.payload === s);
    const sseTransport = (m) => m.parts['chunk framing'] + m.parts['id:, event: and data: lines, blank line'];
    // Over HTTP/2 (the app started with --tls): the same event in a DATA frame instead of a chunk.
    const h2 = (s) => messages.find((m) => m.transport === 'SSE over HTTP/2' && m.payload === s);
    const h2Transport = (m) => m.parts['DATA frame header'] + m.parts['other frames'] + m.parts['id:, event: and data: lines, blank line'];

    const once = dataTable('Sent once per connection (bytes)', ['transport', 'direction', 'what', 'bytes'],
      result.once.map((r) => [r.transport, r.direction, r.what, r.bytes]), 'compare-table wire-once');
    const perMessage = dataTable('Per message: bytes on the wire (overhead beyond the payload)',
      ['payload', 'WebSocket client→server', 'WebSocket server→client', 'SSE event server→client', 'of which the room\'s JSON envelope',
        'POST request client→server', 'POST answer', ...(result.http2 ? ['SSE event over HTTP/2 (DATA frame)'] : [])],
      sizes.map((s) => {
        const ev = find('SSE', 'one event', s);
        const post = find('SSE', 'POST request', s);
        const answer = find('SSE', "the POST's answer (202)", s);
        return [s, `${wsUp(s).bytes} (+${wsUp(s).overhead})`, `${wsDown(s).bytes} (+${wsDown(s).overhead})`,
          `${ev.bytes} (+${ev.overhead})`, ev.parts["the room's JSON envelope"], `${post.bytes} (+${post.overhead})`, answer.bytes,
          ...(result.http2 ? [`${h2(s).bytes} (+${h2(s).overhead}; frame header ${h2(s).parts['DATA frame header']})`] : [])];
      }), 'compare-table wire-messages');
    const chart = barChart({
      title: 'Transport overhead per message, in bytes, by payload size',
      labels: sizes.map((s) => `${s} B`),
      series: [
        { name: 'WS client→server', color: SERIES_COLORS[0], values: sizes.map((s) => wsUp(s).overhead) },
        { name: 'WS server→client', color: SERIES_COLORS[1], values: sizes.map((s) => wsDown(s).overhead) },
        { name: 'SSE event framing', color: SERIES_COLORS[2], values: sizes.map((s) => sseTransport(find('SSE', 'one event', s))) },
        { name: 'POST request head', color: SERIES_COLORS[3], values: sizes.map((s) => find('SSE', 'POST request', s).overhead) },
        ...(result.http2 ? [{ name: 'SSE on HTTP/2', color: SERIES_COLORS[4], values: sizes.map((s) => h2Transport(h2(s))) }] : []),
      ],
    });
    const chartTable = dataTable('The chart\'s figures: transport overhead per message (bytes; the SSE figure leaves out the room\'s JSON envelope)',
      ['payload', 'WS client→server', 'WS server→client', 'SSE event framing', 'POST request head', ...(result.http2 ? ['SSE on HTTP/2'] : [])],
      sizes.map((s) => [s, wsUp(s).overhead, wsDown(s).overhead, sseTransport(find('SSE', 'one event', s)),
        find('SSE', 'POST request', s).overhead, ...(result.http2 ? [h2Transport(h2(s))] : [])]), 'compare-table wire-chart-table');
    const smallest = sizes[0];
    const raw = el('pre', { className: 'wire-raw', tabIndex: 0, 'aria-label': 'The captured bytes of the smallest messages' },
      `WebSocket frame, client to server (${wsUp(smallest).bytes} bytes): ${wsUp(smallest).hex}\n`,
      `WebSocket frame, server to client (${wsDown(smallest).bytes} bytes): ${wsDown(smallest).hex}\n`,
      `Event, server to client (${find('SSE', 'one event', smallest).bytes} bytes), as text:\n`,
      JSON.stringify(find('SSE', 'one event', smallest).text),
      result.http2 ? `\nThe same event over HTTP/2 (${h2(smallest).bytes} bytes: ${h2(smallest).frames.join(', ')}): ${h2(smallest).hex}` : '');
    const note = el('p', { className: 'wire-http2' }, result.http2
      ? 'HTTP/2 was captured too: each event is one DATA frame, a 9-byte frame header in front of the same event bytes.'
      : 'HTTP/2 not captured: start the course with --tls, and the same events are also recorded inside HTTP/2 DATA frames.');
    results.replaceChildren(once, perMessage, el('figure', { className: 'compare-figure' }, chart, chartTable), raw, note);
  }
}
