// Lab 08: cross-site WebSocket hijacking. Log in to the lab, open the attacker's page (another
// origin: the course's second port), and watch here what the server saw while it attacked.
import { el, button, createStatus, createLog, postJson, getJson, socketUrl, describeClose, closeOnPageHide } from '../kit.js';
import { openFeed } from './lab-shared.js';

export function mount(section) {
  const body = section.querySelector('.demo-body');
  const status = createStatus('Step 1: log in to the lab. The course then sets a lab cookie in your browser.');
  const serverLog = createLog('What the server saw');
  const pageLog = createLog('This page');
  let feed = null;
  const sockets = new Set();

  const attackerLink = el('a', { class: 'button lab-attacker-link', target: '_blank', rel: 'noopener', text: 'Open the attacker\'s page', 'aria-disabled': 'true' });
  attackerLink.addEventListener('click', (event) => {
    if (attackerLink.getAttribute('aria-disabled') === 'true') event.preventDefault();
  });

  const login = button('Log in to the lab', async () => {
    try {
      const me = await postJson('/labs/login');
      status.set(`Logged in as ${me.user}. Your secret: ${me.secret}. Step 2: open the attacker's page (a new tab), then come back here.`, 'ok');
      pageLog.write('sys', `logged in as ${me.user}; the browser now holds an HttpOnly, SameSite=Strict cookie for /labs`);
      if (!feed) feed = openFeed('hijack', serverLog);
      const info = await getJson('/labs/hijack/info');
      if (info.attackerPort > 0) {
        attackerLink.href = `${location.protocol === 'https:' ? 'http:' : location.protocol}//${location.hostname}:${info.attackerPort}/`;
        attackerLink.setAttribute('aria-disabled', 'false');
        attackerLink.textContent = `Open the attacker's page (port ${info.attackerPort})`;
      } else {
        pageLog.write('err', 'the attacker origin is not running: see the terminal that runs the course');
      }
    } catch (error) {
      status.set(`Could not log in: ${error.message}`, 'bad');
    }
  });

  const logout = button('Log out', async () => {
    try {
      await postJson('/labs/logout');
      status.set('Logged out: the lab cookie is gone. The attacker\'s page now gets nothing.', null);
      pageLog.write('sys', 'logged out');
    } catch (error) {
      status.set(`Could not log out: ${error.message}`, 'bad');
    }
  });

  // The same two sockets, opened by the course's own page: both must work for their owner.
  const tryHere = button('Open both sockets from this page', () => {
    for (const path of ['/labs/hijack/unchecked', '/labs/hijack/checked']) {
      const socket = new WebSocket(socketUrl(path));
      sockets.add(socket);
      socket.onmessage = (event) => { pageLog.write('in', `${path}: ${event.data}`); socket.close(); };
      socket.onclose = (event) => {
        sockets.delete(socket);
        if (event.code !== 1005 && event.code !== 1000) pageLog.write('err', `${path}: closed ${describeClose(event)}`);
      };
    }
  });

  body.append(
    el('div', { class: 'demo-controls' }, login, attackerLink, tryHere, logout),
    status.element,
    el('div', { class: 'demo-columns' },
      el('div', {}, el('h4', { text: 'What the server saw' }), serverLog.element),
      el('div', {}, el('h4', { text: 'This page' }), pageLog.element)),
  );

  closeOnPageHide(() => {
    if (feed) feed.close();
    for (const socket of sockets) socket.close();
  });
}
