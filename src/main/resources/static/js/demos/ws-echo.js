// ws-echo: the browser WebSocket API against /ws/echo. Connect, send text or binary, close
// with a code of your choice, or send 70 KB and watch the server close with 1009.
import { el, socketUrl, createLog, createStatus, closeOnPageHide, describeClose } from '../kit.js';
import { readyStateText, hexPreview } from './ws-shared.js';

const PATH = '/ws/echo';
const BIG_MESSAGE_BYTES = 70 * 1024;
const utf8 = new TextEncoder();

export function mount(section) {
  const body = section.querySelector('.demo-body');
  const status = createStatus();
  const log = createLog('Echo socket event log');

  const connectButton = el('button', { type: 'button', className: 'echo-connect' }, 'Connect');
  const disconnectButton = el('button', { type: 'button', className: 'echo-disconnect' }, 'Disconnect');
  const binaryTypeSelect = el('select', { className: 'echo-binary-type', 'aria-label': 'binaryType' },
    el('option', { value: 'arraybuffer' }, 'arraybuffer'),
    el('option', { value: 'blob' }, 'blob'));
  const messageInput = el('input', { type: 'text', className: 'echo-message', value: 'Hello, echo', 'aria-label': 'Message' });
  const sendTextButton = el('button', { type: 'button', className: 'echo-send-text' }, 'Send as text');
  const sendBinaryButton = el('button', { type: 'button', className: 'echo-send-binary' }, 'Send as binary');
  const sendBigButton = el('button', { type: 'button', className: 'echo-send-big' }, 'Send 70 KB');
  const codeInput = el('input', { type: 'number', className: 'echo-close-code', value: '4000', 'aria-label': 'Close code' });
  const reasonInput = el('input', { type: 'text', className: 'echo-close-reason', value: 'done for now', 'aria-label': 'Close reason' });
  const closeButton = el('button', { type: 'button', className: 'echo-close' }, 'Close with code');

  body.append(
    el('div', { className: 'demo-controls' }, connectButton, disconnectButton,
      el('label', {}, 'binaryType ', binaryTypeSelect)),
    el('div', { className: 'demo-controls' }, messageInput, sendTextButton, sendBinaryButton, sendBigButton),
    el('div', { className: 'demo-controls' }, el('label', {}, 'code ', codeInput), el('label', {}, 'reason ', reasonInput), closeButton),
    status.element,
    log.element);

  let socket = null;
  let closedWith = null; // the code passed to close(), if any
  const sendButtons = [sendTextButton, sendBinaryButton, sendBigButton, closeButton, disconnectButton];
  const refresh = () => {
    const open = socket !== null && socket.readyState === WebSocket.OPEN;
    connectButton.disabled = socket !== null && socket.readyState !== WebSocket.CLOSED;
    for (const button of sendButtons) button.disabled = !open;
  };

  // region connect
  connectButton.addEventListener('click', () => {
    const url = socketUrl(PATH);
    const ws = new WebSocket(url);
    socket = ws;
    closedWith = null;
    ws.binaryType = binaryTypeSelect.value;
    log.write('sys', `new WebSocket("${url}"): readyState ${readyStateText(ws)}, binaryType "${ws.binaryType}"`);
    status.set('Connecting: the browser sends the HTTP upgrade request…');
    refresh();

    ws.onopen = () => {
      log.write('sys', `open: readyState ${readyStateText(ws)}, protocol ${JSON.stringify(ws.protocol)}, extensions ${JSON.stringify(ws.extensions)}`);
      status.set('Open. Whatever you send comes straight back.', 'ok');
      refresh();
    };
    ws.onmessage = (event) => {
      if (typeof event.data === 'string') {
        log.write('in', `message: text, ${utf8.encode(event.data).length} bytes: ${JSON.stringify(shorten(event.data))}`);
      } else if (event.data instanceof ArrayBuffer) {
        log.write('in', `message: binary (ArrayBuffer), ${event.data.byteLength} bytes: ${hexPreview(event.data)}`);
      } else {
        log.write('in', `message: binary (Blob), ${event.data.size} bytes`);
      }
    };
    ws.onerror = () => {
      // The error event carries no detail by design; the close event that follows has the code.
      log.write('err', 'error event (no details are given to scripts; see the close below)');
    };
    ws.onclose = (event) => {
      // The server answers a close frame with the code it received: a 4000-4999 code here is
      // the reader's own, not the meaning this app gives 4000 on its other sockets.
      const echoed = closedWith !== null && event.code === closedWith && event.code >= 3000;
      log.write(event.wasClean ? 'sys' : 'err', echoed
        ? `close: code ${event.code} (the code you sent, echoed back), reason ${JSON.stringify(event.reason)}, wasClean ${event.wasClean}`
        : `close: ${describeClose(event, { verbose: true })}`);
      status.set(`Closed with ${event.code}${event.wasClean ? ', cleanly' : ', not cleanly'}. Connect again to start over.`,
        event.wasClean && event.code !== 1009 ? 'ok' : 'bad');
      if (socket === ws) socket = null;
      refresh();
    };
  });
  // endregion

  disconnectButton.addEventListener('click', () => {
    if (!socket) return;
    log.write('out', 'close() with no arguments: the close frame carries no code, so the close event reports 1005');
    socket.close();
    refresh();
  });

  // region send
  sendTextButton.addEventListener('click', () => {
    const text = messageInput.value;
    socket.send(text);
    log.write('out', `send text, ${utf8.encode(text).length} bytes: ${JSON.stringify(shorten(text))}`);
  });

  sendBinaryButton.addEventListener('click', () => {
    const bytes = utf8.encode(messageInput.value);
    socket.send(bytes.buffer);
    log.write('out', `send binary (ArrayBuffer, the text's UTF-8 bytes), ${bytes.byteLength} bytes: ${hexPreview(bytes.buffer)}`);
  });
  // endregion

  sendBigButton.addEventListener('click', () => {
    socket.send('x'.repeat(BIG_MESSAGE_BYTES));
    log.write('out', `send text, ${BIG_MESSAGE_BYTES} bytes (the server allows 65536), bufferedAmount ${socket.bufferedAmount}`);
    status.set('Sent 70 KB. The server refuses messages over 64 KiB…');
  });

  // region close
  closeButton.addEventListener('click', () => {
    const code = Number(codeInput.value);
    const reason = reasonInput.value;
    try {
      socket.close(code, reason);
      closedWith = code;
      log.write('out', `close(${code}, ${JSON.stringify(reason)}): readyState ${readyStateText(socket)}`);
    } catch (error) {
      // close() only takes 1000 or 3000-4999, and a reason of at most 123 UTF-8 bytes.
      log.write('err', `close(${code}, …) threw ${error.name}: ${error.message}`);
      status.set(`The browser refused: ${error.name}. The socket is still open.`, 'bad');
    }
    refresh();
  });
  // endregion

  closeOnPageHide(() => socket?.close(1000, 'page closed'));
  status.set('Not connected. Press Connect to open a WebSocket to ' + PATH + '.');
  refresh();
}

function shorten(text) {
  return text.length > 60 ? `${text.slice(0, 60)}… (${text.length} characters)` : text;
}
