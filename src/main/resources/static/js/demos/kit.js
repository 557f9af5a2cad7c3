// Helpers shared by every demo widget: elements, a timestamped log, a status line, URLs.
// Everything a user or the server supplies goes in as textContent, never as HTML.

/** Creates an element: el('button', { type: 'button', className: 'x' }, 'Start'). */
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

export function button(text, onClick, props = {}) {
  const node = el('button', { type: 'button', ...props }, text);
  node.addEventListener('click', onClick);
  return node;
}

/** Wall-clock time with milliseconds, for log lines. */
export function clock() {
  const now = new Date();
  const pad = (n, width = 2) => String(n).padStart(width, '0');
  return `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}.${pad(now.getMilliseconds(), 3)}`;
}

/**
 * Turns a `<pre class="demo-log">` into a log: the returned `write(kind, text)` appends a
 * timestamped line (kind: in, out, sys, err), keeps at most `limit` lines so a long session
 * cannot grow the page without bound, and follows new lines unless the reader scrolled up.
 */
export function logTo(pre, limit = 400) {
  return (kind, text) => {
    const following = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
    const line = el('span', { className: 'log-line' },
      el('span', { className: 't' }, clock() + ' '), el('span', { className: kind }, text), '\n');
    pre.append(line);
    while (pre.childElementCount > limit) pre.firstElementChild.remove();
    if (following) pre.scrollTop = pre.scrollHeight;
    return line;
  };
}

/** A new labelled log: { element, write(kind, text), clear() }. */
export function createLog(label) {
  const element = el('pre', { className: 'demo-log', tabIndex: 0, 'aria-label': label, 'aria-live': 'polite' });
  return { element, write: logTo(element), clear: () => element.replaceChildren() };
}

/** The status line of a widget: plain words about what just happened. */
export function createStatus(text) {
  const element = el('p', { className: 'demo-status', role: 'status' }, text);
  return {
    element,
    set(words, state) {
      element.textContent = words;
      element.classList.toggle('ok', state === 'ok');
      element.classList.toggle('bad', state === 'bad');
    },
  };
}

/**
 * ws:// or wss:// URL for a path on this page's own host (an https page must use wss);
 * `secure` overrides the choice, for the TLS lab's mixed-content attempts.
 */
export function socketUrl(path, secure = location.protocol === 'https:') {
  return `${secure ? 'wss:' : 'ws:'}//${location.host}${path}`;
}

/** A string as JSON, so a newline inside event data shows as \n instead of breaking the line. */
export function quoted(text) {
  return JSON.stringify(text);
}

/** Runs close() when the page goes away, so no stream outlives it (6 connections per host). */
export function closeOnPageHide(close) {
  window.addEventListener('pagehide', close);
}

/** A short random id (hex): getRandomValues, unlike randomUUID, also works on plain http from another machine. */
export function randomId(bytes = 8) {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
