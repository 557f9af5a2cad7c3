// Lesson 13's two instances on one Redis. The page asks the app (instance A) to start a second
// one (B) on another port, joins one room as Ada over a WebSocket on A and as Bo over an
// EventSource on B, and compares what each saw: same messages, same order, same ids. Then it
// stops B, and moves Bo's stream to A with the id of the last event Bo saw: A replays from the
// room's Redis stream exactly what Bo missed. Without Redis it says how to get there.

import { el, button, createLog, createStatus, getJson, postJson, socketUrl, randomId, closeOnPageHide, describeClose } from '../kit.js';

const BEFORE = ['one', 'two', 'three'];
const WHILE_AWAY = ['four', 'five'];

function withoutRedis() {
  return el('div', { className: 'scale-help' },
    el('p', {}, 'This app runs without Redis, so it is one instance and there is nothing to share yet. '
      + 'To see two instances act as one server, start a Redis and the course on it, then reload this page:'),
    el('pre', { className: 'scale-commands', tabIndex: 0 },
      'redis-server --port 6379 --save "" --appendonly no\n'
      + 'java -jar target/realtime-lab.jar --redis redis://127.0.0.1:6379\n'
      + '# or: mvn -q compile exec:java -Dexec.args="--redis redis://127.0.0.1:6379"'),
    el('p', {}, 'Then this demo starts a second instance of the app on another port and the same Redis. '
      + 'Ada joins a room over a WebSocket on the first, Bo over an EventSource on the second, and both see '
      + 'the same messages with the same ids in the same order. The demo then stops the second instance: '
      + 'Bo\u2019s event stream reconnects to the first one with the id of the last event it saw (its Last-Event-ID), '
      + 'and gets exactly the messages it missed, read from the room\u2019s Redis stream.'));
}

export async function mount(section) {
  const body = section.querySelector('.demo-body');
  const instances = await getJson('/scaling/instances');
  if (!instances.redis) {
    body.replaceChildren(withoutRedis());
    section.dataset.redis = 'no';
    return;
  }
  section.dataset.redis = 'yes';
  const room = `scale-${randomId(3)}`;
  const status = createStatus('Start a second instance, join the room through both, send, then stop the second instance.');
  const ada = createLog('Ada: WebSocket on instance A', { className: 'scale-log' });
  const bo = createLog('Bo: EventSource on instance B', { className: 'scale-log' });
  const adaHead = el('h4', {}, `Ada · WebSocket on A (:${instances.self})`);
  const boHead = el('h4', {}, 'Bo · EventSource on B');
  const compare = el('p', { className: 'scale-compare', role: 'status' });
  const seen = { ada: [], bo: [] };
  let socket = null;
  let source = null;
  let second = null;
  let lastId = '';
  let lastIdWhenLost = null;

  const start = button('1. Start instance B', async () => {
    start.disabled = true;
    try {
      const answer = await postJson('/scaling/instances/second');
      second = answer.second;
      boHead.textContent = `Bo · EventSource on B (:${second})`;
      status.set(`Instance B listens on port ${answer.second}, on the same Redis as A (port ${answer.self}).`, 'ok');
      join.disabled = false;
    } catch (error) {
      status.set(error.reason || error.message, 'bad');
      start.disabled = false;
    }
  });
  const join = button('2. Join the room through both', () => {
    join.disabled = true;
    socket = new WebSocket(socketUrl(`/ws/room/${room}?name=ada`));
    socket.onopen = () => { ada.write('sys', `WebSocket open on A: /ws/room/${room}`); opened(); };
    socket.onmessage = (event) => receive('ada', ada, JSON.parse(event.data));
    socket.onclose = (event) => ada.write('sys', `closed: ${describeClose(event)}`);
    // B is another origin (another port): it takes A's pages as its own and answers with CORS.
    listen(`${location.protocol}//${location.hostname}:${second}/sse/room/${room}?name=bo`, () => {
      bo.write('sys', `EventSource open on B: /sse/room/${room}`);
      opened();
    });
  }, { disabled: true });

  function listen(url, onOpen) {
    source?.close();
    source = new EventSource(url);
    source.onopen = onOpen;
    source.addEventListener('message', (event) => { lastId = event.lastEventId; receive('bo', bo, JSON.parse(event.data)); });
    source.onerror = () => { if (lastIdWhenLost === null) bo.write('err', 'stream lost; EventSource tries again by itself'); };
  }

  // region failover
  /**
   * B is gone. Behind a load balancer the EventSource would reconnect to the same address, with
   * Last-Event-ID, and the balancer would pick A. Here A and B have addresses of their own, and
   * an EventSource reconnects only to its own, so the page plays the balancer: a new EventSource
   * on A. A new EventSource cannot send the header, so the id goes in the URL, which the room's
   * stream reads the same way.
   */
  function failOver() {
    lastIdWhenLost = lastId;
    listen(`/sse/room/${room}?name=bo&lastEventId=${encodeURIComponent(lastIdWhenLost)}`,
      () => bo.write('sys', `reconnected to A with the last event id Bo saw, ${lastIdWhenLost}: A replays from Redis`));
  }
  // endregion
  let open = 0;
  const opened = () => {
    open += 1;
    if (open === 2) { send.disabled = false; status.set(`Ada and Bo are in room “${room}”, on two instances.`, 'ok'); }
  };
  const send = button('3. Ada sends three messages', () => {
    send.disabled = true;
    BEFORE.forEach((text) => socket.send(text));
    stop.disabled = false;
  }, { disabled: true });
  const stop = button('4. Stop instance B', async () => {
    stop.disabled = true;
    await postJson('/scaling/instances/second/stop');
    status.set('Instance B stopped. Ada sends two more messages while Bo is away; then Bo reconnects, to A.');
    WHILE_AWAY.forEach((text) => socket.send(text));
    // Bo comes back once A has published both (Ada's socket is on A, so she sees them first).
    const waitForAda = setInterval(() => {
      if (seen.ada.length < BEFORE.length + WHILE_AWAY.length) return;
      clearInterval(waitForAda);
      failOver();
    }, 100);
  }, { disabled: true });

  function receive(who, log, event) {
    if (event.type !== 'message') return;
    seen[who].push(event.seq);
    log.write(who === 'ada' ? 'out' : 'in', `#${event.seq} ${event.from}: ${event.text}`);
    render();
  }

  function render() {
    compare.dataset.ada = seen.ada.join(',');
    compare.dataset.bo = seen.bo.join(',');
    const total = BEFORE.length + WHILE_AWAY.length;
    if (seen.bo.length === BEFORE.length && seen.ada.length >= BEFORE.length) {
      const same = seen.bo.every((seq, i) => seq === seen.ada[i]);
      compare.textContent = same ? `Same messages, same order, same ids on both instances: #${seen.bo.join(', #')}.`
        : `Different: Ada saw #${seen.ada.join(', #')}, Bo saw #${seen.bo.join(', #')}.`;
    }
    if (seen.bo.length === total && seen.ada.length === total) {
      const missed = seen.bo.slice(BEFORE.length);
      const same = seen.bo.every((seq, i) => seq === seen.ada[i]);
      compare.textContent = same
        ? `Bo missed #${missed.join(' and #')} while B was gone, and A replayed exactly those after id ${lastIdWhenLost}.`
        : `Different: Ada saw #${seen.ada.join(', #')}, Bo saw #${seen.bo.join(', #')}.`;
      compare.dataset.done = same ? 'same' : 'different';
    }
  }

  body.replaceChildren(el('div', { className: 'demo-controls' }, start, join, send, stop), status.element,
    el('div', { className: 'demo-columns' }, el('div', {}, adaHead, ada.element), el('div', {}, boHead, bo.element)), compare);
  closeOnPageHide(() => { socket?.close(1000, 'page closed'); source?.close(); });
}
