// What the security lab widgets share beyond kit.js: the lab's "what the server saw" feed.

/** Opens the lab's "what the server saw" stream; each event goes to the log (a kit createLog). */
export function openFeed(lab, log, onEvent = () => {}) {
  const source = new EventSource(`/labs/feed?lab=${encodeURIComponent(lab)}`);
  const kinds = { note: 'sys', sent: 'err', refused: 'in', log: 'out' };
  for (const kind of Object.keys(kinds)) {
    source.addEventListener(kind, (event) => {
      const { text } = JSON.parse(event.data);
      log.write(kinds[kind], (kind === 'log' ? 'access log: ' : 'server: ') + text);
      onEvent(kind, text);
    });
  }
  return source;
}
