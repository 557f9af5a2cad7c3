// Small helpers the security lab widgets share: elements, a status line, a timestamped log,
// JSON posts with clear errors, the "what the server saw" feed, and cleanup on pagehide.
// Everything a server or another user sent is shown with textContent, never as HTML.

// The same status line, socket URL and pagehide cleanup as the demos, under the labs' names.
export { createStatus as statusLine, socketUrl, closeOnPageHide as onLeave } from '/js/demos/kit.js';

export function el(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'text') element.textContent = value;
    else if (key === 'class') element.className = value;
    else if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else element.setAttribute(key, value);
  }
  element.append(...children);
  return element;
}

export function button(label, onClick, props = {}) {
  return el('button', { type: 'button', text: label, onclick: onClick, ...props });
}

/** A log: add(kind, text) with kind in, out, sys, err. Newest line at the bottom. */
export function logPanel(label) {
  const element = el('pre', { class: 'demo-log', 'aria-live': 'polite', 'aria-label': label });
  return {
    element,
    add(kind, text) {
      const line = el('span', { class: `line ${kind}` });
      line.append(el('span', { class: 't', text: new Date().toLocaleTimeString() + ' ' }), String(text) + '\n');
      element.append(line);
      element.scrollTop = element.scrollHeight;
      return line;
    },
    clear() { element.replaceChildren(); },
  };
}

/** POSTs with no body; resolves with the JSON answer, or throws an Error with the server's reason. */
export async function post(url) {
  const response = await fetch(url, { method: 'POST', headers: { Accept: 'application/json' } });
  return answerOf(response);
}

export async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  return answerOf(response);
}

async function answerOf(response) {
  const text = await response.text();
  if (!response.ok) {
    let reason = text;
    try { reason = JSON.parse(text).title || text; } catch (e) { /* plain text */ }
    if (response.status === 403 && /only on the machine/.test(reason)) {
      throw new Error('the labs run only on the computer that runs the course (open it there, on localhost)');
    }
    throw new Error(`${response.status}: ${reason}`);
  }
  return text ? JSON.parse(text) : {};
}

/** Opens the lab's "what the server saw" stream; each event goes to the log. */
export function openFeed(lab, log, onEvent = () => {}) {
  const source = new EventSource(`/labs/feed?lab=${encodeURIComponent(lab)}`);
  const kinds = { note: 'sys', sent: 'err', refused: 'in', log: 'out' };
  for (const kind of Object.keys(kinds)) {
    source.addEventListener(kind, (event) => {
      const { text } = JSON.parse(event.data);
      log.add(kinds[kind], (kind === 'log' ? 'access log: ' : 'server: ') + text);
      onEvent(kind, text);
    });
  }
  return source;
}

/** Close code and reason as a learner can read them. */
export function describeClose(event) {
  const names = { 1000: 'normal closure', 1001: 'going away', 1006: 'abnormal: no close frame (the handshake failed or the connection dropped)',
    1007: 'invalid data', 1008: 'policy violation', 1009: 'message too big', 1011: 'server error', 1013: 'try again later' };
  const name = names[event.code] || 'see RFC 6455 section 7.4';
  return `${event.code} (${name})${event.reason ? `: ${event.reason}` : ''}`;
}

