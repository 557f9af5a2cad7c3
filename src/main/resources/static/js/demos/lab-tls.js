// Lab 10: ws:// or wss://. Opens the lab echo socket both ways from this page. Over http://
// both may work (wss:// only when the course runs with --tls); over https:// the browser
// refuses ws:// before anything leaves the machine: an https page cannot open an insecure socket.
import { el, button, statusLine, logPanel, getJson, socketUrl, describeClose, onLeave } from '/js/labs/kit.js';

export function mount(section) {
  const body = section.querySelector('.demo-body');
  const secure = location.protocol === 'https:';
  const status = statusLine(`This page came over ${location.protocol}//. Try both kinds of socket.`);
  const log = logPanel('Connections');
  const sockets = new Set();
  const httpsLink = el('a', { class: 'lab-https-link', hidden: '' });

  getJson('/labs/tls').then(({ tls }) => {
    if (tls && !secure) {
      httpsLink.href = `https://${location.host}${location.pathname}#${section.closest('section[id]')?.id || ''}`;
      httpsLink.textContent = 'Open this lesson over https:// (the browser warns once about the self-signed certificate)';
      httpsLink.hidden = false;
    } else if (!tls) {
      log.add('sys', 'the course runs without --tls: wss:// has nothing to talk to. Restart it with --tls to try both.');
    }
  }).catch((error) => log.add('err', error.message));

  function attempt(withTls) {
    const url = socketUrl('/labs/echo', withTls);
    let socket;
    try {
      socket = new WebSocket(url);
    } catch (error) {
      // Thrown by the constructor: nothing was sent at all.
      const text = `${url}: the browser refused to open it (${error.name}): ${secure && !withTls ? 'mixed content, an https page may not open ws://' : error.message}`;
      log.add('err', text);
      status.set(text, 'bad');
      return;
    }
    sockets.add(socket);
    log.add('out', `opening ${url}`);
    socket.onopen = () => socket.send(`hello over ${withTls ? 'TLS' : 'plain TCP'}`);
    socket.onmessage = (event) => {
      log.add('in', `${url}: echoed "${event.data}"`);
      status.set(`${url} works: ${withTls ? 'encrypted, and the server proved it holds the certificate' : 'readable and changeable by anyone on the path'}.`, withTls ? 'ok' : null);
      socket.close();
    };
    socket.onclose = (event) => {
      sockets.delete(socket);
      if (event.code !== 1005 && event.code !== 1000) {
        const text = `${url}: failed, ${describeClose(event)}`;
        log.add('err', text);
        status.set(text, 'bad');
      }
    };
  }

  body.append(
    el('div', { class: 'demo-controls' },
      button('Open ws://', () => attempt(false), { 'data-scheme': 'ws' }),
      button('Open wss://', () => attempt(true), { 'data-scheme': 'wss' })),
    status.element,
    httpsLink,
    log.element,
  );
  onLeave(() => { for (const socket of sockets) socket.close(); });
}
