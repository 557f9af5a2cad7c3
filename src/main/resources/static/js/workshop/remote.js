// The instructor's phone as a slide remote. The pairing link carries a one-time token in its
// fragment (never sent to a server, so never in a log): this page takes it out of the address
// bar at once, then spends it with a POST for an HttpOnly remote cookie. From then on it moves
// the room (previous, next, any section) and nothing else; where the room is comes from the
// same follow stream every attendee reads.
import { el, button, getJson, postJson, closeOnPageHide } from '../kit.js';

const $ = (css) => document.querySelector(css);
const status = $('.ws-remote-status');
const controls = $('.ws-remote-controls');
let lessons = [];
let state = null;

// region pair
async function pair() {
  const token = /^#pair=([0-9a-f]{16,128})$/.exec(location.hash)?.[1];
  if (!token) return;
  // A reload, a bookmark or a shared screenshot of this address carries no token.
  history.replaceState(null, '', location.pathname);
  await postJson('/workshop/remote/pair', { token });
}
// endregion

const lessonOf = (slug) => lessons.find((l) => l.slug === slug);

function move(lesson, section) {
  postJson('/workshop/remote/move', { lesson, section }).catch((error) => refused(error));
}

function refused(error) {
  status.textContent = error.reason || error.message;
  if (error.status === 403) controls.querySelectorAll('button').forEach((b) => { b.disabled = true; });
}

function step(delta) {
  const lesson = lessonOf(state?.lesson);
  if (!lesson) return;
  const index = lesson.sections.findIndex((s) => s.id === state.section) + delta;
  if (index >= 0 && index < lesson.sections.length) { move(lesson.slug, lesson.sections[index].id); return; }
  const next = lessons[lessons.indexOf(lesson) + (delta > 0 ? 1 : -1)];
  if (next) move(next.slug, '');
}

function render() {
  const lesson = lessonOf(state.lesson);
  if (!lesson) return;
  const index = lesson.sections.findIndex((s) => s.id === state.section);
  const where = $('.ws-remote-where');
  where.replaceChildren(el('span', { className: 'ws-remote-lesson' }, `${lesson.number} ${lesson.title}`), el('br'),
    el('strong', {}, lesson.sections[index]?.heading || ''), ` · ${index + 1} of ${lesson.sections.length}`);
  where.dataset.at = `${state.lesson}#${state.section}`;
  $('.ws-remote-sections').replaceChildren(...lesson.sections.map((s, i) => el('li', {},
    button(i === 0 ? `${s.heading} (top)` : s.heading, () => move(lesson.slug, s.id),
      { 'aria-current': i === index ? 'step' : null }))));
}

async function start() {
  try {
    await pair();
    lessons = (await getJson('/workshop/remote/deck')).lessons;
  } catch (error) {
    status.textContent = error.reason || error.message;
    return;
  }
  status.textContent = 'Paired: this phone moves the room.';
  controls.hidden = false;
  $('.ws-remote-prev').addEventListener('click', () => step(-1));
  $('.ws-remote-next').addEventListener('click', () => step(1));
  const follow = new EventSource('/workshop/events');
  follow.onmessage = (event) => {
    const envelope = JSON.parse(event.data);
    if (envelope.type !== 'message') return;
    state = JSON.parse(envelope.text);
    render();
  };
  closeOnPageHide(() => follow.close());
}

start();
