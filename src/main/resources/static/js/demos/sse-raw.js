// sse-raw: one event stream read twice. Left: the text exactly as it arrives, chunk by chunk,
// through fetch and a stream reader, with line endings made visible. Right: what EventSource
// dispatches from the same URL. The parsing sample is a short stream full of edge cases.
import { el, button, clock, createLog, createStatus, quoted, closeOnPageHide } from '../kit.js';
import { readyStateText } from './sse-shared.js';

const CLOCK = '/sse/clock';
const SAMPLE = '/sse/parsing-sample';
const MAX_CHUNKS = 300;

/**
 * The text with its line endings and byte order mark made visible: each ending is shown as
 * \r\n, \r or \n in a span of its own, then the line breaks as it would.
 */
function visible(text) {
  const nodes = [];
  let from = 0;
  for (const match of text.matchAll(/\r\n|\r|\n|\uFEFF/g)) {
    if (match.index > from) nodes.push(text.slice(from, match.index));
    const mark = match[0] === '\uFEFF' ? '[BOM]' : match[0].replace('\r', '\\r').replace('\n', '\\n');
    nodes.push(el('span', { className: 'sse-eol' }, mark));
    if (match[0] !== '\uFEFF') nodes.push('\n');
    from = match.index + match[0].length;
  }
  if (from < text.length) nodes.push(text.slice(from));
  return nodes;
}

export function mount(section) {
  const body = section.querySelector('.demo-body');
  let reader = null; // AbortController of the raw fetch
  let source = null;
  let dispatched = 0;

  const status = createStatus('Start reads the clock stream twice; the sample is a short stream of parsing edge cases.');
  // A log too, but read out chunk by chunk it would be noise: aria-live off, read on demand.
  const raw = el('pre', { className: 'demo-log sse-raw-text', role: 'log', 'aria-live': 'off', tabIndex: 0,
    'aria-label': 'Raw text of the stream as it arrives' });
  const events = createLog('Events EventSource dispatched', { className: 'sse-raw-events' });
  const startClock = button('Start the clock stream', () => start(CLOCK));
  const loadSample = button('Load the parsing sample', () => start(SAMPLE));
  const stop = button('Stop', () => stopAll('Stopped: the fetch was aborted and the EventSource closed.'), { disabled: true });

  function rawWrite(kind, ...content) {
    raw.append(el('span', { className: kind }, ...content));
    while (raw.childElementCount > MAX_CHUNKS) raw.firstElementChild.remove();
    raw.scrollTop = raw.scrollHeight;
  }

  async function readRaw(url, controller) {
    try {
      const response = await fetch(url, { signal: controller.signal, headers: { Accept: 'text/event-stream' }, cache: 'no-store' });
      rawWrite('sys', `${clock()} HTTP ${response.status}, Content-Type: ${response.headers.get('Content-Type')}\n`);
      const stream = response.body.getReader();
      // ignoreBOM keeps a leading byte order mark in the text, so it can be shown.
      const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
      for (let n = 1; ; n++) {
        const { value, done } = await stream.read();
        if (done) {
          rawWrite('sys', `${clock()} end of the response\n`);
          break;
        }
        rawWrite('t', `${clock()} chunk ${n}, ${value.byteLength} bytes\n`);
        rawWrite('in', ...visible(decoder.decode(value, { stream: true })));
      }
    } catch (error) {
      if (error.name !== 'AbortError') rawWrite('err', `${clock()} ${error.message}\n`);
    }
  }

  function readEvents(url) {
    source = new EventSource(url);
    const mine = source;
    events.write('sys', `new EventSource("${url}"): readyState ${readyStateText(source)}`);
    source.addEventListener('open', () => events.write('sys', `open: readyState ${readyStateText(mine)}`));
    source.addEventListener('error', () => {
      events.write('err', `error: readyState ${readyStateText(mine)}`);
      if (url === SAMPLE && mine.readyState === EventSource.CONNECTING) {
        // The sample is a finished response: EventSource would fetch it again after retry: 10000.
        mine.close();
        events.write('sys', `The response ended, so EventSource planned to reconnect. The demo closed it. ${dispatched} events dispatched.`);
        status.set(`The sample made ${dispatched} events. Compare the raw lines with what came out.`, 'ok');
        finish();
      }
    });
    const show = (event) => {
      dispatched++;
      events.write('in', `type=${event.type}  lastEventId=${quoted(event.lastEventId)}  data=${quoted(event.data)}`);
    };
    for (const type of ['message', 'tick', 'stats', 'sample']) source.addEventListener(type, show);
  }

  function start(url) {
    stopAll();
    raw.replaceChildren();
    events.clear();
    dispatched = 0;
    reader = new AbortController();
    readRaw(url, reader);
    readEvents(url);
    startClock.disabled = loadSample.disabled = true;
    stop.disabled = false;
    status.set(url === CLOCK
      ? 'Reading the clock twice: raw on the left, parsed on the right. Watch for the stats event every fifth tick.'
      : 'Reading the parsing sample twice…');
  }

  function finish() {
    startClock.disabled = loadSample.disabled = false;
    stop.disabled = true;
  }

  function stopAll(why) {
    if (reader) reader.abort();
    if (source) source.close();
    reader = null;
    source = null;
    if (why) status.set(why);
    finish();
  }

  body.replaceChildren(
    el('div', { className: 'demo-controls' }, startClock, loadSample, stop),
    status.element,
    el('div', { className: 'demo-columns' },
      el('div', {}, el('h4', {}, 'Raw text as it arrives (fetch)'), raw),
      el('div', {}, el('h4', {}, 'Events EventSource dispatched'), events.element)));
  closeOnPageHide(() => stopAll());
}
