// Small pieces the demo widgets share: building elements and a timestamped log.
// Everything a user or the network supplied goes in through textContent, never as HTML.

/** `el('button', {type: 'button', className: 'x'}, 'Click')`: properties, then text or nodes. */
export function el(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key in element) element[key] = value;
    else element.setAttribute(key, value);
  }
  for (const child of children) {
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function clock(date = new Date()) {
  return date.toTimeString().slice(0, 8) + '.' + String(date.getMilliseconds()).padStart(3, '0');
}

/**
 * A log in a `<pre class="demo-log">`: `log(kind, text)` appends a timestamped line, where kind
 * is one of the log classes (in, out, sys, err). Old lines go once there are `limit` of them.
 */
export function logTo(pre, limit = 400) {
  return (kind, text) => {
    const stick = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
    const line = el('span', { className: 'line' },
      el('span', { className: 't' }, clock() + ' '),
      el('span', { className: kind }, text), '\n');
    pre.append(line);
    while (pre.childElementCount > limit) pre.firstElementChild.remove();
    if (stick) pre.scrollTop = pre.scrollHeight;
    return line;
  };
}

/** ws:// or wss:// to this page's host, matching how the page itself was loaded. */
export function wsUrl(path) {
  return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + path;
}

/** A short random id (hex), from the browser's secure random source. */
export function randomId(bytes = 8) {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
