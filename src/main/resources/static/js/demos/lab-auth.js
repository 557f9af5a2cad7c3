// Lab 09: who you are. The same little app authenticated two ways, side by side: a long-lived
// token in the socket URL (vulnerable) and a one-time ticket (fixed). Read the access log the
// server wrote, replay what it recorded, log out, and ask for a room you may not read.
import { el, button, createStatus, createLog, postJson, getJson, socketUrl, describeClose, closeOnPageHide } from '../kit.js';
import { openFeed } from './lab-shared.js';

const TOKEN_PATH = '/labs/auth/url-token';
const TICKET_PATH = '/labs/auth/socket';

export function mount(section) {
  const body = section.querySelector('.demo-body');
  const status = createStatus('Log in to the lab first; then connect both columns.');
  const accessLog = createLog('The server\'s access log and notes');
  const loggedUrls = new Map(); // path -> last URL the access log recorded for it
  const sockets = new Set();
  let feed = null;

  function remember(kind, text) {
    const match = kind === 'log' && /"GET (\/labs\/auth\/[^ ]+) HTTP/.exec(text);
    if (match) loggedUrls.set(match[1].split('?')[0], match[1]);
  }

  function column(title, path, connect) {
    const log = createLog(title);
    let socket = null;
    const send = (command) => {
      if (!socket || socket.readyState !== WebSocket.OPEN) { log.write('err', 'not connected: press Connect'); return; }
      log.write('out', `> ${command}`);
      socket.send(command);
    };
    const watch = (ws, label) => {
      sockets.add(ws);
      ws.onmessage = (event) => log.write('in', `${label}${event.data}`);
      ws.onclose = (event) => {
        sockets.delete(ws);
        log.write(event.code === 1000 ? 'sys' : 'err', `${label}closed: ${describeClose(event)}`);
      };
    };
    const controls = el('div', { class: 'demo-controls' },
      button('Connect', async () => {
        try {
          const url = await connect();
          log.write('sys', `opening ${url.replace(/(token|ticket)=[^&]+/, '$1=…')}`);
          socket = new WebSocket(url);
          watch(socket, '');
        } catch (error) {
          log.write('err', `could not connect: ${error.message}`);
        }
      }, { 'data-action': 'connect' }),
      button('Ask for my secret', () => send('secret'), { 'data-action': 'secret' }),
      button('Read room "staff"', () => send('room staff'), { 'data-action': 'staff' }),
      button('Replay the URL from the access log', () => {
        const logged = loggedUrls.get(path);
        if (!logged) { log.write('err', 'the access log has no line for this socket yet: connect first'); return; }
        log.write('sys', `an attacker who can read the log opens ${logged}`);
        const replay = new WebSocket(socketUrl(logged));
        replay.onopen = () => log.write('err', 'replay: connected. Whoever reads the log can be you.');
        watch(replay, 'replay: ');
      }, { 'data-action': 'replay' }),
    );
    return el('div', { class: 'lab-column', 'data-column': path === TOKEN_PATH ? 'token' : 'ticket' },
      el('h4', { text: title }), controls, log.element);
  }

  const tokenColumn = column('Token in the URL (vulnerable)', TOKEN_PATH, async () => {
    const { token } = await getJson('/labs/auth/token');
    return socketUrl(`${TOKEN_PATH}?token=${encodeURIComponent(token)}`);
  });
  const ticketColumn = column('One-time ticket (fixed)', TICKET_PATH, async () => {
    const { ticket, expiresInSeconds } = await postJson('/labs/auth/ticket');
    accessLog.write('sys', `page: got a ticket valid for ${expiresInSeconds} s, for one handshake from ${location.origin}`);
    return socketUrl(`${TICKET_PATH}?ticket=${encodeURIComponent(ticket)}`);
  });

  const login = button('Log in to the lab', async () => {
    try {
      const me = await postJson('/labs/login');
      status.set(`Logged in as ${me.user}. Your secret: ${me.secret}.`, 'ok');
      if (!feed) feed = openFeed('auth', accessLog, remember);
    } catch (error) {
      status.set(`Could not log in: ${error.message}`, 'bad');
    }
  });
  const logout = button('Log out', async () => {
    try {
      await postJson('/labs/logout');
      status.set('Logged out. Which socket is still open, and what does it still answer?', null);
    } catch (error) {
      status.set(`Could not log out: ${error.message}`, 'bad');
    }
  });

  body.append(
    el('div', { class: 'demo-controls' }, login, logout),
    status.element,
    el('div', { class: 'demo-columns' }, tokenColumn, ticketColumn),
    el('h4', { text: 'The server\'s access log and notes' }),
    accessLog.element,
  );

  closeOnPageHide(() => {
    if (feed) feed.close();
    for (const socket of sockets) socket.close();
  });
}
