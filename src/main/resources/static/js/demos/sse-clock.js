// sse-clock: an EventSource on /sse/clock. Shows each event with its type, lastEventId and data,
// and the readyState in words. Only named listeners see 'tick' and 'stats'; onmessage stays silent.
import { el, button, createLog, createStatus, quoted, closeOnPageHide } from '../kit.js';
import { readyStateText, showReadyState } from './sse-shared.js';

const URL = '/sse/clock';

export function mount(section) {
  const body = section.querySelector('.demo-body');
  let source = null;
  const counts = { tick: 0, stats: 0, message: 0 };

  const status = createStatus('Not connected. Start opens an EventSource on ' + URL + '.');
  const log = createLog('Events received from the clock');
  const counters = el('p', { className: 'sse-counters' });
  const start = button('Start', open);
  const stop = button('Stop', () => close('You called close(). EventSource never reconnects after that.'), { disabled: true });

  function showCounts() {
    counters.textContent = `tick listener: ${counts.tick} · stats listener: ${counts.stats} · onmessage: ${counts.message}`;
  }

  const showState = (words, kind) => showReadyState(status, source, words, kind);

  function open() {
    source = new EventSource(URL);
    start.disabled = true;
    stop.disabled = false;
    showState('connecting to ' + URL + '…');
    log.write('sys', `new EventSource("${URL}"): readyState ${readyStateText(source)}`);

    source.addEventListener('open', () => {
      showState('the server answered 200 with text/event-stream; events flow.', 'ok');
      log.write('sys', `open: readyState ${readyStateText(source)}`);
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) {
        showState('the browser gave up (an answer other than 200 text/event-stream).', 'bad');
        start.disabled = false;
        stop.disabled = true;
      } else {
        showState('the connection was lost; the browser will reconnect by itself.', 'bad');
      }
      log.write('err', `error: readyState ${readyStateText(source)}`);
    });
    const onEvent = (event) => {
      counts[event.type]++;
      showCounts();
      log.write('in', `${event.type}  lastEventId=${quoted(event.lastEventId)}  data=${quoted(event.data)}`);
    };
    source.addEventListener('tick', onEvent);
    source.addEventListener('stats', onEvent);
    // Fires only for events of type "message": this stream names every event, so it stays at 0.
    source.onmessage = onEvent;
  }

  function close(why) {
    if (!source) return;
    source.close();
    showState(why);
    log.write('sys', `close(): readyState ${readyStateText(source)}`);
    source = null;
    start.disabled = false;
    stop.disabled = true;
  }

  showCounts();
  body.replaceChildren(el('div', { className: 'demo-controls' }, start, stop), status.element, counters, log.element);
  closeOnPageHide(() => close('The page was hidden.'));
}
