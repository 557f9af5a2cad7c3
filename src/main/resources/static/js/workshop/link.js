// On every page of an attendee's own copy that shares with a workshop, one line says so (read
// once, no stream). The home page's workshop panel, on the attendee's own copy of the course: join the
// instructor's workshop (address, code, name), then see, for as long as it lasts, that this copy
// is sharing and exactly what (the lesson read, each exercise's state), with a button to stop;
// raise a hand, ask and upvote questions. The state arrives on this app's own event stream.
import { el, button, getJson, postJson, closeOnPageHide } from '../kit.js';

const panel = document.querySelector('[data-workshop-link]');
const body = panel?.querySelector('.wl-body');
const status = panel?.querySelector('.wl-status');
let rendered = '';

const say = (text) => { status.textContent = text; };
const act = (url, data) => postJson(url, data).then(update, (error) => say(error.reason || error.message));

function joinForm(state) {
  const url = el('input', { id: 'wl-url', type: 'url', required: '', placeholder: 'http://192.168.1.20:7070/workshop' });
  const code = el('input', { id: 'wl-code', type: 'text', required: '', maxLength: 12, autocomplete: 'off', spellcheck: 'false' });
  const name = el('input', { id: 'wl-name', type: 'text', required: '', maxLength: 24, autocomplete: 'nickname' });
  const form = el('form', { className: 'wl-join' },
    el('label', { htmlFor: 'wl-url' }, 'Workshop address', url),
    el('label', { htmlFor: 'wl-code' }, 'Join code', code),
    el('label', { htmlFor: 'wl-name' }, 'Your name', name),
    el('button', { type: 'submit' }, 'Join and share my progress'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    say('Joining…');
    postJson('/workshop-link/join', { url: url.value, code: code.value, name: name.value })
      .then((state) => { say(''); update(state); }, (error) => say(error.reason || error.message));
  });
  return [el('p', {}, 'Joining lets the instructor see the lesson you read and, for each exercise, whether you have ',
    'not started, are failing (and how many attempts) or passed, and since when. Never your code or your files.'),
  form, state.message ? el('p', { className: 'wl-message' }, state.message) : null];
}

function sharing(state) {
  const shared = state.shared || {};
  const exercises = Object.entries(shared.exercises || {});
  const room = state.room || {};
  const note = el('input', { id: 'wl-note', type: 'text', maxLength: 140 });
  const question = el('input', { id: 'wl-question', type: 'text', maxLength: 280, required: '' });
  const anonymous = el('input', { id: 'wl-anonymous', type: 'checkbox' });
  const ask = el('form', { className: 'wl-ask' },
    el('label', { htmlFor: 'wl-question' }, 'Ask a question', question),
    room.anonymousAllowed ? el('label', { htmlFor: 'wl-anonymous' }, anonymous, 'Ask anonymously') : null,
    el('button', { type: 'submit' }, 'Ask'));
  ask.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = question.value;
    question.value = ''; // before the answer redraws the panel, which keeps what is typed
    act('/workshop-link/ask', { text, anonymous: anonymous.checked });
  });
  const connected = state.status === 'sharing';
  return [
    el('p', { className: 'wl-sharing' }, `Sharing with the workshop at ${state.workshop} as ${state.name}`,
      connected ? '.' : ` (${state.status}: waiting for the network; nothing is lost).`),
    el('p', {}, 'What the instructor sees: the lesson you read, ', el('strong', {}, shared.lesson || 'none yet'),
      ', and each exercise\'s state. Never your code or your files.'),
    el('ul', { className: 'wl-shared' }, ...exercises.map(([id, e]) => el('li', {},
      `${id}: ${e.state.replace('-', ' ')}${e.state === 'failed' ? ` (${e.attempts} ${e.attempts === 1 ? 'attempt' : 'attempts'})` : ''}`))),
    el('p', {}, button('Stop sharing', () => act('/workshop-link/stop'), { className: 'wl-stop' })),
    room.hand
      ? el('p', { className: 'wl-hand' }, `Your hand is up (number ${room.hand.position} in the queue). `,
        button('Lower my hand', () => act('/workshop-link/lower')))
      : el('form', { className: 'wl-raise' }, el('label', { htmlFor: 'wl-note' }, 'Note (optional, one line)', note),
        button('Raise my hand', () => act('/workshop-link/hand', { note: note.value }))),
    ask,
    el('ol', { className: 'wl-questions' }, ...(room.questions || []).map((q) => el('li', { dataset: { question: q.id } },
      el('span', { className: 'wl-question-text' }, q.text), ` · ${q.from || 'anonymous'} · ${q.votes} ${q.votes === 1 ? 'vote' : 'votes'}`,
      q.answered ? ' · answered' : '', ' ',
      q.voted || q.mine ? null : button('Upvote', () => act('/workshop-link/upvote', { question: q.id }),
        { 'aria-label': `Upvote: ${q.text}` })))),
    state.message ? el('p', { className: 'wl-message' }, state.message) : null,
  ];
}

let shownVersion = -1;

function render(state) {
  // An answer to a POST can arrive after a newer event from the stream: the newest state wins.
  if (state.version < shownVersion) return;
  shownVersion = state.version;
  // Re-rendering would wipe what the attendee is typing: only when something changed.
  const key = JSON.stringify(state);
  if (key === rendered) return;
  rendered = key;
  panel.hidden = false;
  // What the attendee is typing survives a re-render (a report goes out on every save).
  const typed = new Map([...body.querySelectorAll('input')].map((i) => [i.id, i.type === 'checkbox' ? i.checked : i.value]));
  const focused = document.activeElement?.id;
  const active = ['joining', 'connecting', 'sharing', 'reconnecting'].includes(state.status) && state.workshop;
  body.replaceChildren(...(active ? sharing(state) : joinForm(state)).filter(Boolean));
  body.querySelectorAll('input').forEach((i) => {
    if (!typed.has(i.id)) return;
    if (i.type === 'checkbox') i.checked = typed.get(i.id); else i.value = typed.get(i.id);
  });
  if (focused && body.querySelector(`#${focused}`)) body.querySelector(`#${focused}`).focus();
}

// Only this machine may join or share: the app refuses other machines, so their pages do not ask.
const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(location.hostname);
let events = null;

/** The live state only while joined: a reader who never joins holds no extra connection (six per origin). */
function follow(active) {
  if (active && !events) {
    events = new EventSource('/workshop-link/events');
    events.addEventListener('link', (event) => update(JSON.parse(event.data)));
  } else if (!active && events) {
    events.close();
    events = null;
  }
}

function update(state) {
  render(state);
  follow(state.status !== 'off' && state.status !== 'stopped');
}

/** Elsewhere than the home page: a line at the top of the page while this copy shares. */
function badge(state) {
  if (!['connecting', 'sharing', 'reconnecting'].includes(state.status)) return;
  document.querySelector('main')?.prepend(el('p', { className: 'wl-badge' },
    `Sharing your progress with the workshop at ${state.workshop} as ${state.name}. `,
    el('a', { href: '/#wl-title' }, 'See what, or stop sharing')));
}

if (!panel && loopback) {
  getJson('/workshop-link').then(badge, () => { /* not shown: nothing to say */ });
}

if (panel && loopback) {
  getJson('/workshop-link').then((state) => {
    if (state.status === 'workshop') return; // the workshop itself: nothing to join from here
    update(state);
    closeOnPageHide(() => follow(false));
  }, () => { /* not this copy's business (another machine): the panel stays hidden */ });
}
