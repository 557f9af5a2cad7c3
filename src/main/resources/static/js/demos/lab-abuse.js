// Lab 10: abuse. The same small service twice: one endpoint with no limits (deliberately), one
// with the app's protections plus small lab limits you can reach by hand. Each button opens
// fresh sockets, does one abusive thing, and reports what the server did.
import { el, button, createStatus, createLog, socketUrl, describeClose, closeOnPageHide } from '../kit.js';
import { openFeed } from './lab-shared.js';

const ENDPOINTS = [
  { path: '/labs/abuse/unprotected', title: 'Unprotected (deliberately)', key: 'unprotected' },
  { path: '/labs/abuse/protected', title: 'Protected', key: 'protected' },
];
const FLOOD = 50;
const BIG_BYTES = 100 * 1024;
const SOCKETS = 5;
const QUIET_MS = 8000;

export function mount(section) {
  const body = section.querySelector('.demo-body');
  const status = createStatus('Pick an attack in either column. The protected column shows the server\'s reasons below.');
  const serverLog = createLog('What the server saw');
  const live = new Set();
  let feed = null;

  // Resolves with the open socket and its greeting; rejects if it closes first.
  function connect(path) {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(socketUrl(path));
      live.add(socket);
      socket.addEventListener('close', () => live.delete(socket));
      socket.addEventListener('message', (event) => resolve({ socket, hello: JSON.parse(event.data) }), { once: true });
      socket.addEventListener('close', (event) => reject(new Error(`refused: ${describeClose(event)}`)), { once: true });
    });
  }

  const closed = (socket) => new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) resolve(null);
    socket.addEventListener('close', resolve, { once: true });
  });
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const within = (promise, ms) => Promise.race([promise, sleep(ms).then(() => null)]);

  const attacks = {
    async big(path, log) {
      const { socket } = await connect(path);
      log.write('out', `sending one message of ${BIG_BYTES / 1024} KB`);
      socket.addEventListener('message', (event) => log.write('in', `server: ${event.data}`));
      socket.send(JSON.stringify({ text: 'x'.repeat(BIG_BYTES) }));
      const end = await within(closed(socket), 3000);
      if (end) return `closed: ${describeClose(end)}`;
      socket.close();
      return `accepted a ${BIG_BYTES / 1024} KB message`;
    },
    async flood(path, log) {
      const { socket } = await connect(path);
      let accepted = 0;
      socket.addEventListener('message', (event) => { if (JSON.parse(event.data).accepted) accepted += 1; });
      log.write('out', `sending ${FLOOD} messages at once`);
      for (let i = 1; i <= FLOOD; i += 1) socket.send(JSON.stringify({ text: `message ${i}` }));
      const end = await within(closed(socket), 3000);
      if (end) return `${accepted} of ${FLOOD} accepted, then closed: ${describeClose(end)}`;
      socket.close();
      return `${accepted} of ${FLOOD} accepted`;
    },
    async sockets(path, log) {
      log.write('out', `opening ${SOCKETS} sockets at once`);
      const results = await Promise.allSettled(Array.from({ length: SOCKETS }, () => connect(path)));
      const opened = results.filter((r) => r.status === 'fulfilled');
      for (const r of results) if (r.status === 'rejected') log.write('err', r.reason.message);
      for (const r of opened) r.value.socket.close();
      return `${opened.length} of ${SOCKETS} opened${opened.length < SOCKETS ? ' (a page sees only that a handshake failed; the server log below says why)' : ''}`;
    },
    async schema(path, log) {
      const { socket } = await connect(path);
      const bad = JSON.stringify({ text: 42, admin: true });
      log.write('out', `sending ${bad}`);
      const reply = new Promise((resolve) => socket.addEventListener('message', (event) => resolve(event.data), { once: true }));
      socket.send(bad);
      const answer = await within(reply, 3000);
      socket.close();
      return answer ? `server answered: ${answer}` : 'no answer';
    },
    async quiet(path, log) {
      const { socket, hello } = await connect(path);
      log.write('out', `saying nothing for ${QUIET_MS / 1000} s${hello.idleTimeoutSeconds ? ` (this endpoint's idle timeout: ${hello.idleTimeoutSeconds} s)` : ''}`);
      const end = await within(closed(socket), QUIET_MS);
      if (end) return `closed by the server: ${describeClose(end)}`;
      socket.close();
      return `still open after ${QUIET_MS / 1000} s: an idle socket here costs memory forever`;
    },
  };
  const labels = { big: `Send ${BIG_BYTES / 1024} KB`, flood: `Send ${FLOOD} at once`, sockets: `Open ${SOCKETS} sockets`, schema: 'Send a bad message', quiet: 'Go quiet' };

  const columns = ENDPOINTS.map(({ path, title, key }) => {
    const log = createLog(title);
    const result = el('p', { class: 'demo-status lab-result', role: 'status', 'data-result': '' });
    const controls = el('div', { class: 'demo-controls' });
    for (const [name, attack] of Object.entries(attacks)) {
      controls.append(button(labels[name], async () => {
        if (!feed) feed = openFeed('abuse', serverLog);
        result.dataset.result = '';
        result.textContent = `${labels[name]}: running…`;
        let text;
        try {
          text = await attack(path, log);
        } catch (error) {
          text = error.message;
        }
        log.write('sys', text);
        result.textContent = `${labels[name]}: ${text}`;
        result.dataset.result = name;
      }, { 'data-attack': name }));
    }
    return el('div', { class: 'lab-column', 'data-endpoint': key }, el('h4', { text: title }), controls, result, log.element);
  });

  body.append(status.element, el('div', { class: 'demo-columns' }, ...columns), el('h4', { text: 'What the server saw' }), serverLog.element);
  closeOnPageHide(() => {
    if (feed) feed.close();
    for (const socket of live) socket.close();
  });
}
