// ws-handshake: opens a WebSocket to /ws/handshake. The server answers with a report of this
// very handshake: the request as it arrived, the 101 response it sent, and
// Sec-WebSocket-Accept recomputed step by step. Scripts cannot read handshake headers
// themselves, so the server tells.
import { el, socketUrl, createLog, createStatus, closeOnPageHide, describeClose } from '../kit.js';
import { readyStateText } from './ws-shared.js';

const PATH = '/ws/handshake';
/** Headers the lesson talks about: shown highlighted. */
const HANDSHAKE_HEADERS = new Set(['upgrade', 'connection', 'origin', 'host', 'sec-websocket-key', 'sec-websocket-version',
  'sec-websocket-accept', 'sec-websocket-protocol', 'sec-websocket-extensions']);

export function mount(section) {
  const body = section.querySelector('.demo-body');
  const status = createStatus();
  const log = createLog('Handshake event log');

  const connectButton = el('button', { type: 'button', className: 'hs-connect' }, 'Connect');
  const protocolsInput = el('input', { type: 'text', className: 'hs-protocols', placeholder: 'e.g. lab.v1, chat',
    'aria-label': 'Subprotocols to offer (optional, comma-separated)' });
  const requestBox = el('pre', { className: 'hs-http hs-request', role: 'group', tabIndex: 0, 'aria-label': 'Request the server received' });
  const responseBox = el('pre', { className: 'hs-http hs-response', role: 'group', tabIndex: 0, 'aria-label': 'Response the server sent' });
  const steps = el('ol', { className: 'hs-steps' });
  const verdict = el('p', { className: 'hs-match' });

  body.append(
    el('div', { className: 'demo-controls' }, connectButton,
      el('label', {}, 'subprotocols to offer (optional) ', protocolsInput)),
    status.element,
    el('div', { className: 'demo-columns' },
      el('div', {}, el('h4', {}, 'Request the server received'), requestBox),
      el('div', {}, el('h4', {}, 'Response the server sent'), responseBox)),
    el('h4', {}, 'Sec-WebSocket-Accept, computed on the server'),
    steps,
    verdict,
    log.element);
  requestBox.textContent = responseBox.textContent = '(press Connect)';

  let socket = null;

  connectButton.addEventListener('click', () => {
    const protocols = protocolsInput.value.split(',').map((p) => p.trim()).filter((p) => p);
    let ws;
    try {
      ws = protocols.length ? new WebSocket(socketUrl(PATH), protocols) : new WebSocket(socketUrl(PATH));
    } catch (error) {
      // e.g. a subprotocol with a space or a comma in it, or one offered twice
      log.write('err', `new WebSocket(…) threw ${error.name}: ${error.message}`);
      status.set(`The browser refused to start: ${error.name}.`, 'bad');
      return;
    }
    socket = ws;
    connectButton.disabled = true;
    log.write('sys', `new WebSocket("${socketUrl(PATH)}"${protocols.length ? ', ' + JSON.stringify(protocols) : ''}): readyState ${readyStateText(ws)}`);
    status.set('Connecting…');

    ws.onopen = () => {
      log.write('sys', `open: protocol ${JSON.stringify(ws.protocol)}, extensions ${JSON.stringify(ws.extensions)}`);
    };
    ws.onmessage = (event) => {
      const report = JSON.parse(event.data);
      log.write('in', `message: the server's report, ${event.data.length} characters of JSON`);
      show(report, ws);
      ws.close(1000, 'report received');
      log.write('out', 'close(1000, "report received"): done; connect again for a fresh key');
    };
    ws.onerror = () => log.write('err', 'error event (no details are given to scripts; see the close below)');
    ws.onclose = (event) => {
      log.write(event.wasClean ? 'sys' : 'err', `close: ${describeClose(event, { verbose: true })}`);
      if (!event.wasClean) {
        status.set(`The connection failed (${event.code}).` + (protocols.length
          ? ' If you offered subprotocols the server does not speak (it knows lab.v2 and lab.v1), it chose none, and a browser that offered some then fails the connection.'
          : ''), 'bad');
      }
      if (socket === ws) socket = null;
      connectButton.disabled = false;
    };
  });

  closeOnPageHide(() => socket?.close(1000, 'page closed'));

  function show(report, ws) {
    const request = report.request;
    const response = report.response;
    requestBox.replaceChildren(el('span', { className: 'hs-start' }, `${request.method} ${request.target} ${request.version}`), '\n',
      ...request.headers.map(headerLine));
    responseBox.replaceChildren(el('span', { className: 'hs-start' }, `HTTP/1.1 ${response.status} ${response.reason}`), '\n',
      ...response.headers.map(headerLine));

    const accept = report.accept;
    const sent = response.headers.find((h) => h.name.toLowerCase() === 'sec-websocket-accept');
    steps.replaceChildren(
      step('the key from the request', accept.key, 'hs-key'),
      step('append the GUID of RFC 6455', accept.concatenated, 'hs-concatenated'),
      step('SHA-1 of those bytes, as hex (20 bytes)', accept.sha1Hex, 'hs-sha1'),
      step('the 20 bytes in base64', accept.accept, 'hs-accept'));
    verdict.replaceChildren(
      'The Sec-WebSocket-Accept header sent: ', el('code', { className: 'hs-accept-header' }, sent ? sent.value : '(none)'),
      report.acceptMatches ? ' — the same value. ' : ' — they differ! ',
      `The browser checked it too: it only fires open when they match. Subprotocol chosen: ${report.subprotocol ?? 'none'}; the browser reports ws.protocol = ${JSON.stringify(ws.protocol)}.`);
    verdict.classList.toggle('ok', report.acceptMatches);
    status.set(`Handshake done: 101 Switching Protocols, and the accept value matches the key this browser sent.`, 'ok');
  }
}

function headerLine(header) {
  const interesting = HANDSHAKE_HEADERS.has(header.name.toLowerCase());
  return el('span', { className: interesting ? 'hs-header hs-highlight' : 'hs-header' },
    el('span', { className: 'hs-name' }, header.name), ': ', header.value, '\n');
}

function step(label, value, className) {
  return el('li', {}, `${label}: `, el('code', { className }, value));
}
