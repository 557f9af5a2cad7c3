// compare-decide: lesson 08's decision guide. A few questions (radio groups) and a
// recommendation with its reasons, recomputed on every change. Pure page logic: it asks the
// server nothing.
import { el } from '../kit.js';

const QUESTIONS = [
  { id: 'sends', legend: 'Who sends?', options: [
    ['server', 'Mostly the server; the client acts now and then'],
    ['both', 'Both sides, about equally'],
  ] },
  { id: 'rate', legend: 'How often does the client send?', options: [
    ['rare', 'Rarely (a click, a form, a few times a minute)'],
    ['often', 'Often (many times a second: cursors, keystrokes, input)'],
  ] },
  { id: 'binary', legend: 'Is the data binary (audio, images, compact encodings)?', options: [
    ['no', 'No, text or JSON'],
    ['yes', 'Yes'],
  ] },
  { id: 'loss', legend: 'Is late data useless (fast games, live media)?', options: [
    ['no', 'No, every message matters, in order'],
    ['yes', 'Yes, the newest value is all that counts'],
  ] },
  { id: 'network', legend: 'What is between your users and your servers?', options: [
    ['plain', 'Ordinary HTTPS load balancers I control'],
    ['proxies', 'Corporate proxies I do not control'],
  ] },
  { id: 'auth', legend: 'How does the client prove who it is?', options: [
    ['cookie', 'A cookie of the same site'],
    ['header', 'A bearer token it must send in a header'],
  ] },
  { id: 'http2', legend: 'Can you serve HTTP/2 (HTTPS) in production?', options: [
    ['yes', 'Yes'],
    ['no', 'No, users may stay on HTTP/1.1 with several tabs open'],
  ] },
  { id: 'closed', legend: 'Must messages reach users whose page is closed?', options: [
    ['no', 'No, only while the page is open'],
    ['yes', 'Yes, as notifications'],
  ] },
];

const DEFAULTS = { sends: 'server', rate: 'rare', binary: 'no', loss: 'no', network: 'plain', auth: 'cookie', http2: 'yes', closed: 'no' };

/** The recommendation for a set of answers: { choice, reasons[] }. Exported for reading, not for tests. */
export function recommend(a) {
  const reasons = [];
  if (a.loss === 'yes') {
    reasons.push('Late data is useless: WebSocket and SSE both run on TCP, where one lost packet holds up every later byte (head-of-line blocking).');
    reasons.push('WebRTC data channels (unordered, unreliable) or WebTransport datagrams drop a stale update instead of delaying the next.');
    reasons.push('Keep a WebSocket beside it for what must arrive: chat, scores, the lobby.');
    return { choice: 'WebRTC data channels or WebTransport (with a WebSocket for reliable messages)', reasons };
  }
  let choice;
  if (a.sends === 'both' || a.rate === 'often' || a.binary === 'yes') {
    choice = 'WebSocket';
    if (a.sends === 'both' || a.rate === 'often') reasons.push('The client sends often: with SSE each message would be a whole HTTP request with its headers; on a WebSocket it is a frame with 6 to 14 bytes of header.');
    if (a.binary === 'yes') reasons.push('Binary data: WebSocket has binary frames; an event stream is UTF-8 text, and base64 adds a third.');
    reasons.push('Write reconnection with backoff and resumption by sequence number yourself (lesson 07).');
    reasons.push('Check Origin on every handshake against an exact allow-list: browsers apply no CORS to WebSocket (lesson 09).');
    if (a.network === 'proxies') reasons.push('Through proxies you do not control, use wss:// on port 443 only: a proxy that does not understand Upgrade breaks ws://.');
    if (a.auth === 'header') reasons.push('The browser WebSocket cannot set an Authorization header: exchange the token for a one-time ticket over fetch() first (lesson 10).');
  } else {
    choice = a.auth === 'header' ? 'SSE, read with fetch() (client sends with POST)' : 'SSE (EventSource; client sends with POST)';
    reasons.push('The server does the talking: an event stream is one HTTP response, and the rare client message is an ordinary POST.');
    reasons.push('EventSource reconnects and sends Last-Event-ID by itself; the server replays what was missed (lesson 03).');
    if (a.auth === 'header') reasons.push('EventSource cannot set headers: read the stream with fetch() and a stream reader, which can send Authorization (and a POST body), and write the reconnect yourself.');
    if (a.network === 'proxies') reasons.push('Proxies may buffer the response or close it when idle: send X-Accel-Buffering: no where nginx is involved, flush after each event and send a comment every 15 seconds.');
    if (a.http2 === 'no') reasons.push('On HTTP/1.1 a browser gives an origin about six connections for all its tabs: one EventSource per page, closed on pagehide, or share one between tabs with a SharedWorker.');
    else reasons.push('Serve it over HTTP/2: the six-connection limit of HTTP/1.1 no longer applies.');
  }
  if (a.closed === 'yes') reasons.push('Neither reaches a closed page: add Web Push (a service worker and the push service) for notifications.');
  reasons.push('Either way: a pub/sub backplane once you run more than one server, bounded queues for slow clients, size and rate limits.');
  return { choice, reasons };
}

export function mount(section) {
  const body = section.querySelector('.demo-body');
  const answers = { ...DEFAULTS };
  const choice = el('strong', { className: 'decide-choice' });
  const reasons = el('ul', { className: 'decide-reasons' });
  const result = el('div', { className: 'decide-result', role: 'status', 'aria-live': 'polite' },
    el('p', {}, 'Recommendation: ', choice), reasons);

  const update = () => {
    const { choice: text, reasons: list } = recommend(answers);
    choice.textContent = text;
    reasons.replaceChildren(...list.map((reason) => el('li', {}, reason)));
  };

  const form = el('form', { className: 'decide-form', onsubmit: (e) => e.preventDefault() });
  for (const question of QUESTIONS) {
    const fieldset = el('fieldset', { className: 'decide-question', dataset: { question: question.id } },
      el('legend', {}, question.legend));
    for (const [value, label] of question.options) {
      const input = el('input', { type: 'radio', name: `decide-${question.id}`, value,
        checked: answers[question.id] === value,
        onchange: () => { answers[question.id] = value; update(); } });
      fieldset.append(el('label', { className: 'decide-option' }, input, ' ', label));
    }
    form.append(fieldset);
  }
  body.append(form, result);
  update();
}
