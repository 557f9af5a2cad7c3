// Lab 10: ws:// or wss://. Opens the lab echo socket both ways from this page, and asks a probe
// frame (whose policy allows ws:) to open ws:// to another host, where only the browser's
// mixed-content rule can refuse it. Over https:// that rule refuses in the constructor, before
// anything is sent; localhost itself is exempt from it.
import { el, button, createStatus, createLog, getJson, socketUrl, describeClose, closeOnPageHide } from '../kit.js';

// A name under .test, which never resolves: nothing can leave the machine even if a browser let it.
const OTHER_HOST = 'mixed-content.test';

export function mount(section) {
  const body = section.querySelector('.demo-body');
  const secure = location.protocol === 'https:';
  const status = createStatus(`This page came over ${location.protocol}//. Try each kind of socket.`);
  const log = createLog('Connections');
  const sockets = new Set();
  const httpsLink = el('a', { class: 'lab-https-link', hidden: '' });
  const violations = new Set();
  let probe = null;
  let probeReady = null;

  document.addEventListener('securitypolicyviolation', (event) => {
    if (!violations.has(event.blockedURI) && event.blockedURI.startsWith('ws')) {
      violations.add(event.blockedURI);
      const text = `${event.blockedURI}: refused by this page's Content-Security-Policy (${event.effectiveDirective} 'self': on an https page that means https: and wss: to this host, not ws:)`;
      log.write('err', text);
      status.set(text, 'bad');
    }
  });

  getJson('/labs/tls').then(({ tls }) => {
    if (tls && !secure) {
      httpsLink.href = `https://${location.host}${location.pathname}${location.hash}`;
      httpsLink.textContent = 'Open this lesson over https:// (the browser warns once about the self-signed certificate)';
      httpsLink.hidden = false;
    } else if (!tls) {
      log.write('sys', 'the course runs without --tls: wss:// has nothing to talk to. Restart it with --tls to try both.');
    }
  }).catch((error) => log.write('err', error.message));

  function attempt(withTls) {
    const url = socketUrl('/labs/echo', withTls);
    let socket;
    try {
      socket = new WebSocket(url);
    } catch (error) {
      log.write('err', `${url}: the browser refused to open it (${error.name}): ${error.message}`);
      return;
    }
    sockets.add(socket);
    log.write('out', `opening ${url}`);
    socket.onopen = () => socket.send(`hello over ${withTls ? 'TLS' : 'plain TCP'}`);
    socket.onmessage = (event) => {
      log.write('in', `${url}: echoed "${event.data}"`);
      status.set(`${url} works: ${withTls ? 'encrypted, and the server proved it holds the certificate' : 'readable and changeable by anyone on the path, were it not on this machine'}.`, withTls ? 'ok' : null);
      socket.close();
    };
    socket.onclose = (event) => {
      sockets.delete(socket);
      if (event.code !== 1005 && event.code !== 1000) log.write('err', `${url}: failed, ${describeClose(event)}`);
    };
    socket.onerror = () => setTimeout(() => {
      if (!violations.has(url) && socket.readyState === WebSocket.CLOSED) log.write('err', `${url}: failed before it opened`);
    }, 300);
  }

  function openProbe() {
    if (!probeReady) {
      probe = el('iframe', { src: '/labs/tls/probe', title: 'Mixed-content probe', class: 'lab-probe', hidden: '' });
      probeReady = new Promise((resolve) => {
        window.addEventListener('message', function ready(event) {
          if (event.source === probe.contentWindow && event.data && event.data.ready) {
            window.removeEventListener('message', ready);
            resolve();
          }
        });
      });
      body.append(probe);
    }
    return probeReady;
  }

  async function mixedContent() {
    if (!secure) {
      log.write('sys', 'mixed content is about https pages: open this lesson over https:// (course started with --tls) and try again');
      return;
    }
    await openProbe();
    const url = `ws://${OTHER_HOST}:${location.port || 443}/labs/echo`;
    log.write('out', `probe frame (its policy allows ws:): opening ${url}`);
    const answer = await new Promise((resolve) => {
      window.addEventListener('message', function reply(event) {
        if (event.source === probe.contentWindow && event.data && event.data.url === url) {
          window.removeEventListener('message', reply);
          resolve(event.data);
        }
      });
      probe.contentWindow.postMessage({ url }, location.origin);
    });
    const text = answer.outcome === 'thrown'
      ? `${url}: blocked by the browser before anything was sent: mixed content (${answer.detail})`
      : `${url}: ${answer.outcome} ${answer.detail}`;
    log.write(answer.outcome === 'thrown' ? 'err' : 'sys', text);
    status.set(text, answer.outcome === 'thrown' ? 'bad' : null);
  }

  body.append(
    el('div', { class: 'demo-controls' },
      button('Open ws://', () => attempt(false), { 'data-scheme': 'ws' }),
      button('Open wss://', () => attempt(true), { 'data-scheme': 'wss' }),
      button('ws:// to another host', () => mixedContent(), { 'data-scheme': 'mixed' })),
    status.element,
    httpsLink,
    log.element,
  );
  closeOnPageHide(() => { for (const socket of sockets) socket.close(); });
}
