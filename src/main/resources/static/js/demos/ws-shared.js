// Small helpers shared by the WebSocket demo widgets (ws-echo, ws-handshake, ws-frames).
// Everything a user or the server supplies goes in as textContent, never as HTML.

/** Creates an element: el('button', { type: 'button', className: 'x' }, 'Send'). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('aria-') || key === 'for' || key === 'role') node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

/** ws:// or wss:// URL for a path on this page's own origin (an https page must use wss). */
export function socketUrl(path) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}`;
}

function clock() {
  const now = new Date();
  const pad = (n, width = 2) => String(n).padStart(width, '0');
  return `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}.${pad(now.getMilliseconds(), 3)}`;
}

/**
 * A timestamped log. Returns { element, write(kind, text), clear() }; kind is one of the
 * course's log classes: 'in', 'out', 'sys', 'err'.
 */
export function createLog(label) {
  const element = el('pre', { className: 'demo-log', tabIndex: 0, 'aria-label': label, 'aria-live': 'polite' });
  return {
    element,
    write(kind, text) {
      const line = el('span', { className: kind }, text);
      element.append(el('span', { className: 't' }, clock() + ' '), line, '\n');
      element.scrollTop = element.scrollHeight;
    },
    clear() {
      element.replaceChildren();
    },
  };
}

/** The status line above a widget: plain words about what just happened. */
export function createStatus() {
  const element = el('p', { className: 'demo-status', role: 'status' });
  return {
    element,
    set(text, state) {
      element.textContent = text;
      element.classList.toggle('ok', state === 'ok');
      element.classList.toggle('bad', state === 'bad');
    },
  };
}

export const READY_STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];

/** "1 (OPEN)": a readyState as number and name, as the lesson describes it. */
export function readyStateText(socket) {
  return socket ? `${socket.readyState} (${READY_STATES[socket.readyState]})` : '3 (CLOSED)';
}

/** What the close codes a learner will meet here mean (RFC 6455 section 7.4.1). */
export const CLOSE_CODES = {
  1000: 'normal closure',
  1001: 'going away',
  1002: 'protocol error',
  1003: 'unsupported data',
  1005: 'no status code in the close frame',
  1006: 'abnormal: no close frame at all',
  1007: 'invalid data (e.g. text that is not UTF-8)',
  1008: 'policy violation',
  1009: 'message too big',
  1011: 'server error',
};

export function describeClose(event) {
  const meaning = CLOSE_CODES[event.code] || (event.code >= 4000 ? 'application-defined' : event.code >= 3000 ? 'library-defined' : '');
  return `close: code ${event.code}${meaning ? ` (${meaning})` : ''}, reason ${JSON.stringify(event.reason)}, wasClean ${event.wasClean}`;
}

/** Hex of the first bytes of an ArrayBuffer: "48 65 6c 6c 6f". */
export function hexPreview(buffer, max = 16) {
  const bytes = new Uint8Array(buffer);
  const shown = [...bytes.subarray(0, max)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > max ? `${shown} …` : shown;
}
