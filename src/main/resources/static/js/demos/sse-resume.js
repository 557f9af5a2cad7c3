// sse-resume: a numbered feed you can break on purpose. The server ends the stream (the browser
// reconnects with Last-Event-ID), or answers the reconnect with 204 or 503 (the browser gives up).
// The widget checks that every number arrives exactly once, across every reconnect.
import { el, button, createLog, createStatus, closeOnPageHide, randomId } from '../kit.js';
import { readyStateText, showReadyState } from './sse-shared.js';

export function mount(section) {
  const body = section.querySelector('.demo-body');
  // This page's demo session: the server keeps one switch and one buffer per session.
  const session = 'p' + randomId(9);
  let source = null;
  let expectedAnswer = 200; // what we asked the server to answer the next connection with

  // The continuity check.
  let last = null;
  let received = 0;
  let opens = 0;
  let lastBeforeDrop = null;
  let replayLeft = 0;
  const gaps = [];
  const repeats = [];

  const status = createStatus('Not connected. Start opens an EventSource on the numbered feed.');
  const log = createLog('Connection events of the numbered feed');
  const fact = (label) => {
    const value = el('dd', {}, '–');
    return { row: [el('dt', {}, label), value], value };
  };
  const latest = fact('Latest number');
  const count = fact('Numbers received');
  const reconnects = fact('Reconnects');
  const beforeDrop = fact('Last number before the connection was lost');
  const serverSaw = fact('Last-Event-ID the server received');
  const continuity = fact('Continuity');
  latest.value.className = 'sse-latest';
  beforeDrop.value.className = 'sse-before-drop';
  serverSaw.value.className = 'sse-server-saw';
  continuity.value.className = 'sse-continuity';
  reconnects.value.className = 'sse-reconnects';
  const facts = el('dl', { className: 'sse-facts' },
    latest.row, count.row, reconnects.row, beforeDrop.row, serverSaw.row, continuity.row);

  const start = button('Start', open);
  const stop = button('Stop', () => close('You called close(): no more reconnects.'), { disabled: true });
  const drop = button('Drop the connection', () => control(200), { disabled: true });
  const drop204 = button('Drop, answer the reconnect with 204', () => control(204), { disabled: true });
  const drop503 = button('Drop, answer the reconnect with 503', () => control(503), { disabled: true });

  const showState = (words, kind) => showReadyState(status, source, words, kind);

  function showCheck() {
    latest.value.textContent = last === null ? '–' : String(last);
    count.value.textContent = String(received);
    reconnects.value.textContent = String(Math.max(0, opens - 1));
    const problems = [
      ...gaps.map(([from, to]) => (from === to ? `${from} missing` : `${from} to ${to} missing`)),
      ...(repeats.length ? [`repeated: ${repeats.slice(-10).join(', ')}`] : []),
    ];
    const across = `${Math.max(0, opens - 1)} reconnect${opens === 2 ? '' : 's'}`;
    continuity.value.textContent = problems.length === 0
      ? `no gaps, no repeats across ${across} (${received} numbers)`
      : `${problems.join('; ')} (across ${across})`;
    continuity.value.classList.toggle('ok', problems.length === 0);
    continuity.value.classList.toggle('bad', problems.length > 0);
  }

  function onNumber(event) {
    const n = Number(event.data);
    received++;
    if (last !== null && n !== last + 1) {
      if (n <= last) repeats.push(n);
      else gaps.push([last + 1, n - 1]);
    }
    if (last === null || n > last) last = n;
    if (replayLeft > 0 && --replayLeft === 0) log.write('in', `…replay done, ${n} was the last replayed number; live from here`);
    showCheck();
  }

  function onHello(event) {
    let hello;
    try { hello = JSON.parse(event.data); } catch (e) { log.write('err', `hello with data that is not JSON: ${event.data}`); return; }
    const said = hello.lastEventId === null ? 'none (a fresh start)' : `${hello.lastEventId} (from the ${hello.from})`;
    serverSaw.value.textContent = hello.lastEventId === null ? 'none' : hello.lastEventId;
    log.write('in', `hello: the server received Last-Event-ID ${said}; replaying ${hello.replayed} missed number(s)`
      + (hello.missed ? `; ${hello.missed} are no longer in its buffer` : '')
      + (hello.note ? `; ${hello.note}` : ''));
    replayLeft = hello.replayed;
    if (hello.note && hello.note.startsWith('not an id')) {
      // The server restarted or forgot this session: its numbers start over, so does the check.
      log.write('sys', `the server does not know ${hello.lastEventId}; counting continues from ${hello.resumeAfter + 1}`);
      last = hello.resumeAfter;
    }
    if (lastBeforeDrop !== null && hello.lastEventId !== null) {
      const same = hello.lastEventId === String(lastBeforeDrop);
      serverSaw.value.classList.toggle('ok', same);
      serverSaw.value.classList.toggle('bad', !same);
    }
  }

  function open() {
    // A new EventSource starts with an empty last event id, so it could not resume by itself:
    // after a permanent failure, pass the last number in the URL.
    const resume = last === null ? '' : `&lastEventId=${last}`;
    const url = `/sse/resume?session=${session}${resume}`;
    source = new EventSource(url);
    const mine = source;
    log.write('sys', `new EventSource("${url}"): readyState ${readyStateText(mine)}`);
    showState('connecting…');
    start.disabled = true;
    stop.disabled = false;

    mine.addEventListener('open', () => {
      opens++;
      showCheck();
      showState('streaming.', 'ok');
      setControls(true);
      log.write('sys', `open: readyState ${readyStateText(mine)}${opens > 1 ? ` (reconnect ${opens - 1})` : ''}`);
    });
    mine.addEventListener('error', () => {
      setControls(false);
      if (mine.readyState === EventSource.CLOSED) {
        const why = expectedAnswer === 200
          ? 'the server answered with something other than 200 text/event-stream.'
          : `the reconnect got a ${expectedAnswer}. EventSource does not retry after that, ever.`;
        showState(`CLOSED for good: ${why} Start makes a new EventSource that resumes after ${last ?? 'nothing'}.`, 'bad');
        log.write('err', `error: readyState ${readyStateText(mine)}: closed for good, no retry`);
        expectedAnswer = 200;
        source = null;
        start.disabled = false;
        stop.disabled = true;
      } else {
        lastBeforeDrop = last;
        beforeDrop.value.textContent = last === null ? 'none' : String(last);
        showState(`the stream ended after ${last ?? 'nothing'}; the browser reconnects after the retry delay and sends Last-Event-ID.`, 'bad');
        log.write('err', `error: readyState ${readyStateText(mine)}: stream ended after ${last ?? 'nothing'}, reconnecting`);
      }
    });
    mine.addEventListener('hello', onHello);
    mine.addEventListener('message', onNumber);
  }

  function setControls(connected) {
    drop.disabled = drop204.disabled = drop503.disabled = !connected;
  }

  async function control(next) {
    expectedAnswer = next;
    setControls(false);
    log.write('out', next === 200 ? 'asking the server to end the stream'
      : `asking the server to end the stream and answer the reconnect with ${next}`);
    try {
      const response = await fetch(`/sse/resume/drop?session=${session}&next=${next}`, { method: 'POST' });
      log.write(response.ok ? 'sys' : 'err', `server: ${await response.text()}`);
    } catch (error) {
      log.write('err', `the request failed: ${error.message}`);
    }
  }

  function close(why) {
    if (!source) return;
    source.close();
    showState(why);
    log.write('sys', `close(): readyState ${readyStateText(source)}`);
    source = null;
    setControls(false);
    start.disabled = false;
    stop.disabled = true;
  }

  showCheck();
  body.replaceChildren(
    el('div', { className: 'demo-controls' }, start, stop),
    el('div', { className: 'demo-controls' }, drop, drop204, drop503),
    status.element, facts, log.element);
  closeOnPageHide(() => close('The page was hidden.'));
}
