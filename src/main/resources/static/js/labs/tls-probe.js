// Lab 11's probe frame. The lesson page's own policy (connect-src 'self') refuses ws:// from an
// https page before the browser's mixed-content rule gets a say. This frame, same origin as the
// lesson, is served with a policy that allows ws: and wss:, so what refuses a socket here is the
// browser's mixed-content rule alone. It opens only the URLs its parent page sends.
window.addEventListener('message', (event) => {
  if (event.source !== window.parent || event.origin !== location.origin) return;
  const url = event.data && event.data.url;
  if (typeof url !== 'string') return;
  let done = false;
  const report = (outcome, detail) => {
    if (done) return;
    done = true;
    window.parent.postMessage({ url, outcome, detail }, location.origin);
  };
  let socket;
  try {
    socket = new WebSocket(url);
  } catch (error) {
    report('thrown', `${error.name}: ${error.message}`);
    return;
  }
  const timer = setTimeout(() => { socket.close(); report('timeout', 'no answer within 5 s'); }, 5000);
  socket.onopen = () => { clearTimeout(timer); report('open', ''); socket.close(); };
  socket.onclose = (closed) => { clearTimeout(timer); report('failed', `closed with ${closed.code}`); };
});
window.parent.postMessage({ ready: true }, location.origin);
