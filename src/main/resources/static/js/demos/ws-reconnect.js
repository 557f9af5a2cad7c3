// Lesson 07's reconnect demo: the ReconnectingSocket module against /ws/resume, a feed of
// numbered ticks. Make the server drop the connection, go silent, or refuse connections for a
// while, and watch the client notice, back off, reconnect and resume without a gap.

import { ReconnectingSocket } from '../reconnecting-socket.js';
import { el, createLog, randomId, socketUrl, createStatus, closeOnPageHide, describeClose } from '../kit.js';

const SETTINGS = {
  baseDelay: 500, maxDelay: 8000, stableAfter: 5000,
  heartbeatEvery: 2000, heartbeatTimeout: 5000,
};
const OUTAGE_SECONDS = 6;

/** Checks that the ticks arrive as 1, 2, 3, ... and counts what breaks the run. */
class TickCounter {
  first = null;
  last = 0;
  gaps = 0;
  repeats = 0;

  add(seq) {
    if (this.first === null) this.first = seq;
    if (seq <= this.last) this.repeats += 1;
    else {
      if (this.last > 0 && seq > this.last + 1) this.gaps += seq - this.last - 1;
      this.last = seq;
    }
  }

  get clean() { return this.gaps === 0 && this.repeats === 0; }

  describe() {
    if (this.first === null) return 'no ticks received yet';
    const run = `received ${this.first}..${this.last}`;
    if (this.clean) return `${run} with no gap and no repeat`;
    return `${run}: ${this.gaps} missing, ${this.repeats} repeated`;
  }
}

/** The attempts drawn as rows: how long each waited (a bar against the cap) and how it ended. */
function timeline(list) {
  let current = null;
  return {
    attempt(label, delay) {
      const bar = el('span', { className: 'rs-bar' });
      bar.style.width = `${Math.max(1, (100 * delay) / SETTINGS.maxDelay)}%`;
      const result = el('span', { className: 'rs-result' }, 'waiting…');
      current = { row: el('li', { className: 'rs-attempt' }, el('span', { className: 'rs-label' }, label),
        el('span', { className: 'rs-track' }, bar), result), result };
      list.append(current.row);
      while (list.childElementCount > 30) list.firstElementChild.remove();
    },
    result(text, kind) {
      if (!current) return;
      current.result.textContent = text;
      current.row.classList.remove('rs-waiting', 'ok', 'bad');
      current.row.classList.add(kind);
    },
    marker(text) {
      list.append(el('li', { className: 'rs-marker' }, text));
    },
  };
}

export function mount(section) {
  const body = section.querySelector('.demo-body');
  const session = randomId(8);
  const connect = el('button', { type: 'button' }, 'Connect');
  const drop = el('button', { type: 'button', disabled: true }, 'Drop the connection');
  const mute = el('button', { type: 'button', disabled: true }, 'Stop answering pings');
  const outage = el('button', { type: 'button', disabled: true }, `Refuse reconnects for ${OUTAGE_SECONDS} s`);
  const status = createStatus('Press Connect. The server sends a numbered tick four times a second.');
  const summary = el('p', { className: 'rs-summary' }, 'no ticks received yet');
  const settings = el('p', { className: 'rs-settings' },
    `Heartbeat every ${SETTINGS.heartbeatEvery / 1000} s, dead after ${SETTINGS.heartbeatTimeout / 1000} s of silence. ` +
    `Backoff: a random wait up to ${SETTINGS.baseDelay} ms, doubling per failure up to ${SETTINGS.maxDelay / 1000} s; ` +
    `reset after ${SETTINGS.stableAfter / 1000} s connected.`);
  const list = el('ol', { className: 'rs-timeline', 'aria-label': 'Connection attempts' });
  const logBox = createLog('Reconnecting socket log');
  const log = logBox.write;
  body.replaceChildren(el('div', { className: 'demo-controls' }, connect, drop, mute, outage),
    status.element, summary, settings, el('div', { className: 'demo-columns' },
      el('div', {}, el('h4', {}, 'Attempts'), list), el('div', {}, el('h4', {}, 'Log'), logBox.element)));

  const ticks = new TickCounter();
  const draw = timeline(list);
  const socket = new ReconnectingSocket(
    (lastSeq) => socketUrl(`/ws/resume?session=${session}&after=${lastSeq}`), SETTINGS);
  const live = (on) => { drop.disabled = mute.disabled = outage.disabled = !on; };

  socket.addEventListener('connecting', (e) => {
    draw.result('connecting…', 'rs-waiting');
    log('sys', `connecting: ${e.detail.url.replace(/^wss?:\/\/[^/]+/, '')}`);
  });
  socket.addEventListener('open', () => {
    draw.result('connected', 'ok');
    live(true);
    status.set(`Connected. Resuming after #${socket.lastSeq}.`, 'ok');
  });
  socket.addEventListener('stable', () => log('sys', `connected for ${SETTINGS.stableAfter / 1000} s: backoff reset`));
  socket.addEventListener('close', (e) => {
    live(false);
    const { code, reason, opened, heartbeat } = e.detail;
    if (!opened) {
      draw.result(`failed (${code})`, 'bad');
      log('err', `handshake failed: ${code}`);
      return;
    }
    const why = heartbeat ? `heartbeat timeout: ${reason}` : `closed ${describeClose({ code, reason })}`;
    draw.marker(`connection lost: ${why}`);
    log('err', `connection lost: ${why}`);
    status.set(code === 1000 ? 'Stopped.' : `Connection lost (${why}). Reconnecting…`, code === 1000 ? '' : 'bad');
  });
  socket.addEventListener('retry', (e) => {
    const { attempt, delay, ceiling } = e.detail;
    draw.attempt(`attempt ${attempt}`, delay);
    draw.result(`waiting ${delay} ms (of up to ${ceiling})`, 'rs-waiting');
    log('sys', `retry ${attempt} in ${delay} ms (a random wait between 0 and ${ceiling} ms)`);
  });
  socket.addEventListener('message', (e) => {
    const m = e.detail.data;
    if (m.type === 'tick') {
      ticks.add(m.seq);
      summary.textContent = ticks.describe();
      summary.className = `rs-summary ${ticks.clean ? 'ok' : 'bad'}`;
    } else if (m.type === 'hello') {
      log('in', `server: resuming after #${m.after}, ${m.replaying} missed tick(s) to replay`);
    } else if (m.type === 'gap') {
      log('err', `server: ticks after #${m.lastSeen} are no longer kept; resuming at #${m.resumeFrom}`);
    } else if (m.type === 'pong') {
      log('in', `pong (${Date.now() - m.t} ms round trip)`);
    } else {
      log('in', `server: ${JSON.stringify(m)}`);
    }
  });

  const command = (message, text) => {
    if (socket.send(message)) log('out', text);
  };
  connect.addEventListener('click', () => {
    if (connect.textContent === 'Connect') {
      connect.textContent = 'Stop';
      draw.attempt('first connection', 0);
      socket.start();
    } else {
      connect.textContent = 'Connect';
      socket.stop();
    }
  });
  drop.addEventListener('click', () => command({ type: 'drop' }, 'asked the server to drop the connection (no close frame)'));
  mute.addEventListener('click', () => command({ type: 'mute' }, 'asked the server to stop answering: no pongs, no ticks'));
  outage.addEventListener('click', () => command({ type: 'outage', seconds: OUTAGE_SECONDS },
    `asked the server to drop us and refuse handshakes for ${OUTAGE_SECONDS} s`));
  socket.addEventListener('ping', () => log('out', 'ping'));
  closeOnPageHide(() => socket.stop());
}
