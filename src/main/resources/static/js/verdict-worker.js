// One verdict stream for every tab of the course. Over HTTP/1.1 a browser opens at most six
// connections per scheme, host and port, and an open EventSource holds one for as long as
// it lives: six lesson tabs, each with its own stream, and the seventh tab never loads. So
// the tabs share this worker (the WHATWG HTML standard's own suggestion for this, in the
// server-sent events section), which holds the single EventSource on /exercises/events and
// relays each event to every tab through its port. exercises.js talks to it; a browser
// without SharedWorker gets a stream per tab instead, closed while the tab is hidden.
//
// Messages to a tab: { type: 'open', reopened } | { type: 'lost' } |
//                    { type: 'progress' | 'verdict', data, lastEventId }
// Messages from a tab: { type: 'bye' } when it goes away (a port has no close event).

const FEED_URL = '/exercises/events';
const ports = new Set();
let source = null;
let state = 'connecting'; // connecting, open or lost: told to each new tab at once
let opened = false;

function tell(message) {
  for (const port of ports) port.postMessage(message);
}

function openFeed() {
  source = new EventSource(FEED_URL);
  source.addEventListener('open', () => {
    state = 'open';
    // After a reconnect, verdicts may have been missed: the tabs ask for the current state.
    tell({ type: 'open', reopened: opened });
    opened = true;
  });
  source.addEventListener('error', () => {
    state = 'lost';
    tell({ type: 'lost' });
  });
  for (const type of ['progress', 'verdict']) {
    source.addEventListener(type, (event) => tell({ type, data: event.data, lastEventId: event.lastEventId }));
  }
}

self.addEventListener('connect', (event) => {
  const port = event.ports[0];
  ports.add(port);
  port.addEventListener('message', (message) => {
    if (message.data?.type !== 'bye') return;
    ports.delete(port);
    if (ports.size === 0 && source) {
      // The last tab left: give the connection back. The next tab opens a fresh stream.
      source.close();
      source = null;
      state = 'connecting';
      opened = false;
    }
  });
  port.start();
  if (!source) openFeed();
  else if (state === 'open') port.postMessage({ type: 'open', reopened: false });
  else if (state === 'lost') port.postMessage({ type: 'lost' });
});
