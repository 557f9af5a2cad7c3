// The instructor's page: presenter view (now, next, notes, pacing timer), the room's moves,
// polls with a live tally, the chat with moderation, and the join QR codes full screen.
// It listens to the follow channel like every attendee, so two instructor windows (this one
// and the slides) always agree on where the room is.
import { el, button, svg, getJson, postJson, closeOnPageHide } from '../kit.js';
import { createChat } from './chat.js';

const $ = (css) => document.querySelector(css);
const lessonSelect = $('#ws-lesson');
let lessons = [];
let state = null;
let material = null;

const move = (lesson, section) => postJson('/workshop/instructor/move', { lesson, section })
  .catch((error) => { $('.ws-pace').textContent = error.message; });

async function load() {
  lessons = (await getJson('/workshop/instructor/lessons')).lessons;
  lessonSelect.replaceChildren(...lessons.map((l) => el('option', { value: l.slug }, `${l.number} ${l.title}`)));
  lessonSelect.addEventListener('change', () => move(lessonSelect.value, ''));
  const follow = new EventSource('/workshop/events');
  follow.onmessage = async (event) => {
    const envelope = JSON.parse(event.data);
    if (envelope.type !== 'message') return;
    state = JSON.parse(envelope.text);
    if (!material || material.slug !== state.lesson) {
      material = await getJson(`/workshop/instructor/lesson/${state.lesson}`);
    }
    renderPresenter();
  };
  const tally = new EventSource('/workshop/instructor/events');
  tally.onmessage = (event) => {
    const envelope = JSON.parse(event.data);
    if (envelope.type === 'message') renderTally(JSON.parse(envelope.text));
  };
  const chat = createChat({ canHide: true });
  $('.ws-chat').replaceWith(chat.element);
  closeOnPageHide(() => { follow.close(); tally.close(); chat.close(); });
  setInterval(renderTimer, 1000);
}

// region presenter
function currentIndex() {
  return material.sections.findIndex((s) => s.id === state.section);
}

function renderPresenter() {
  lessonSelect.value = state.lesson;
  const index = currentIndex();
  const current = material.sections[index];
  const next = material.sections[index + 1];
  const nextLesson = lessons[lessons.findIndex((l) => l.slug === state.lesson) + 1];
  $('.ws-current').textContent = current ? current.heading : '';
  $('.ws-next').textContent = next ? next.heading : nextLesson ? `Lesson ${nextLesson.number}: ${nextLesson.title}` : 'the end';
  $('.ws-notes').replaceChildren(...(current && current.notes
    ? current.notes.split(/\n\s*\n/).map((p) => el('p', {}, p)) : [el('p', { className: 'ws-muted' }, 'No notes for this section.')]));
  $('.ws-minutes').textContent = material.minutes;
  $('.ws-sections').replaceChildren(...material.sections.map((s, i) => el('li', {},
    button(s.heading || material.title, () => move(state.lesson, s.id), { 'aria-current': i === index ? 'step' : null }))));
  $('.ws-questions').replaceChildren(...material.questions.map((q) => el('li', {}, `${q.text} `,
    button('Launch as a poll', () => postJson('/workshop/instructor/poll', { lesson: state.lesson, number: q.number }),
      { className: 'ws-launch', dataset: { number: String(q.number) } }))));
  renderTimer();
}

/** Elapsed time in this lesson against its minutes, and whether the room is on pace. */
function renderTimer() {
  if (!state || !material) return;
  const elapsed = Math.max(0, Math.floor((Date.now() - state.lessonStartedAt) / 1000));
  const budget = material.minutes * 60;
  $('.ws-elapsed').textContent = `${Math.floor(elapsed / 60)}:${String(elapsed % 60).padStart(2, '0')}`;
  const bar = $('.ws-pace-bar');
  bar.max = budget || 1;
  bar.value = Math.min(elapsed, budget);
  const expected = Math.min(material.sections.length - 1, Math.floor((elapsed / (budget || 1)) * material.sections.length));
  const behind = expected - currentIndex();
  $('.ws-pace').textContent = elapsed > budget ? `over time by ${Math.ceil((elapsed - budget) / 60)} min`
    : behind > 0 ? `${behind} section${behind > 1 ? 's' : ''} behind pace` : 'on pace';
}

function step(delta) {
  if (!state || !material) return;
  const index = currentIndex() + delta;
  if (index >= 0 && index < material.sections.length) {
    move(state.lesson, material.sections[index].id);
    return;
  }
  const lessonIndex = lessons.findIndex((l) => l.slug === state.lesson) + (delta > 0 ? 1 : -1);
  if (lessonIndex >= 0 && lessonIndex < lessons.length) move(lessons[lessonIndex].slug, '');
}

$('.ws-prev').addEventListener('click', () => step(-1));
$('.ws-next-button').addEventListener('click', () => step(1));
document.addEventListener('keydown', (event) => {
  if (event.target.closest('input, select, textarea') || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.key === 'ArrowRight' || event.key === 'PageDown') { event.preventDefault(); step(1); }
  if (event.key === 'ArrowLeft' || event.key === 'PageUp') { event.preventDefault(); step(-1); }
  if (event.key === 'Escape') $('.ws-qr-full').hidden = true;
});
// endregion

// region tally
/** The live bar chart (SVG) with the same figures as a table beside it, for screen readers. */
function renderTally(event) {
  $('.ws-attendees').textContent = event.attendees;
  renderRemote(event.remote);
  const poll = event.poll;
  const box = $('.ws-tally');
  box.hidden = !poll;
  if (!poll) { box.replaceChildren(); return; }
  const most = Math.max(1, ...poll.counts);
  const rowHeight = 28;
  const chart = svg('svg', { class: 'ws-chart', viewBox: `0 0 400 ${poll.answers.length * rowHeight}`, role: 'img',
    'aria-label': 'Answers so far' },
  poll.answers.map((_, i) => [
    svg('rect', { x: 0, y: i * rowHeight + 4, height: rowHeight - 8, width: (poll.counts[i] / most) * 340,
      class: i === poll.correct ? 'ws-bar ws-bar-right' : 'ws-bar' }),
    svg('text', { x: 346, y: i * rowHeight + rowHeight / 2 + 5, text: String(poll.counts[i]) }),
  ]));
  const table = el('table', { className: 'ws-tally-table' },
    el('caption', {}, `${poll.question} · ${poll.voters} voted${poll.revealed ? ' · revealed' : poll.open ? ' · open' : ''}`),
    el('tbody', {}, poll.answers.map((text, i) => el('tr', {},
      el('td', {}, `${i === poll.correct ? '✓ ' : ''}${text}`), el('td', { className: 'ws-count' }, String(poll.counts[i]))))));
  box.replaceChildren(el('div', { className: 'ws-tally-row' }, chart, table),
    el('p', {}, button('Reveal the answer to everyone', () => postJson('/workshop/instructor/poll/reveal'),
      { className: 'ws-reveal', disabled: poll.revealed }), ' ',
    button('End the poll', () => postJson('/workshop/instructor/poll/end'), { className: 'ws-end' })));
}
// endregion

// region pairing
/** Offers a one-time pairing code (a QR code per join address); the tally channel says when a phone took it. */
const offer = $('.ws-pair-offer');
let offerTimer = null;
$('.ws-pair').addEventListener('click', async () => {
  const answer = await postJson('/workshop/instructor/pairing')
    .catch((error) => { $('.ws-remote-state').textContent = error.reason || error.message; return null; });
  if (!answer) return;
  $('.ws-pair-minutes').textContent = String(Math.round(answer.expiresInMillis / 60000));
  const stamp = Date.now();
  $('.ws-pair-list').replaceChildren(...answer.links.map((link, i) => el('li', {},
    el('img', { src: `/workshop/instructor/pairing/qr.svg?n=${i}&at=${stamp}`, alt: `QR code of the pairing link ${i + 1}`,
      width: 180, height: 180 }), el('code', { className: 'ws-pair-link' }, link))));
  offer.hidden = false;
  clearTimeout(offerTimer);
  offerTimer = setTimeout(() => {
    offer.hidden = true;
    $('.ws-remote-state').textContent = 'The pairing code expired: make a new one.';
  }, answer.expiresInMillis);
});
$('.ws-unpair').addEventListener('click', () => postJson('/workshop/instructor/pairing/revoke'));

function renderRemote(remote) {
  if (!remote) return;
  $('.ws-remote-state').textContent = remote.paired ? 'A phone is paired: it moves the slides.'
    : remote.offerOpen ? 'Waiting for a phone to scan the code…' : 'No phone is paired.';
  $('.ws-unpair').hidden = !remote.paired;
  if (remote.paired || !remote.offerOpen) { offer.hidden = true; clearTimeout(offerTimer); }
}
// endregion

// region qr
const full = $('.ws-qr-full');
document.querySelectorAll('.ws-qr-button').forEach((b) => b.addEventListener('click', () => {
  full.querySelector('img').src = `/workshop/qr.svg?n=${b.dataset.qr}`;
  full.querySelector('.ws-qr-full-url').textContent = b.parentElement.querySelector('code').textContent;
  full.hidden = false;
  full.querySelector('.ws-qr-close').focus();
}));
full.querySelector('.ws-qr-close').addEventListener('click', () => { full.hidden = true; });
// endregion

load();
