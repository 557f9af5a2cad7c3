// The instructor's progress dashboard: attendees by exercises, live. The event stream starts
// with a snapshot of everything and then sends each change (one attendee's row, the hands, the
// questions), so a reload or a reconnect simply starts again from a snapshot. Whether someone is
// stuck is decided here, from the thresholds in the page. Attendee text goes in as textContent.
import { el, button, postJson, closeOnPageHide } from '../kit.js';

const $ = (css) => document.querySelector(css);
const status = $('.wd-status');
let exercises = [];
const attendees = new Map();
let hands = [];
let questions = [];
let skew = 0; // this browser's clock minus the server's

const attemptsLimit = () => Math.max(1, Number($('.wd-attempts').value) || 3);
const minutesLimit = () => Math.max(1, Number($('.wd-minutes').value) || 10);
const serverNow = () => Date.now() - skew;

function ago(millis) {
  const minutes = Math.floor(Math.max(0, millis) / 60000);
  return minutes < 1 ? 'just now' : minutes < 60 ? `${minutes} min ago` : `${Math.floor(minutes / 60)} h ${minutes % 60} min ago`;
}

/** How stuck someone is: 0 when not; more failed attempts and longer failing weigh more. */
function stuckness(attendee) {
  let score = 0;
  for (const state of Object.values(attendee.exercises || {})) {
    if (state.state !== 'failed') continue;
    const minutes = (serverNow() - state.changedAt) / 60000;
    if (state.attempts >= attemptsLimit() || minutes >= minutesLimit()) {
      score = Math.max(score, state.attempts + minutes / minutesLimit());
    }
  }
  return score;
}

function cell(state) {
  if (!state || state.state === 'not-started') return el('td', { className: 'not-started' }, '–');
  const when = ago(serverNow() - state.changedAt);
  if (state.state === 'passed') return el('td', { className: 'passed' }, `passed · ${when}`);
  return el('td', { className: 'failed' }, `failing · ${state.attempts} ${state.attempts === 1 ? 'attempt' : 'attempts'} · since ${when}`);
}

function renderGrid() {
  $('.wd-grid thead').replaceChildren(el('tr', {},
    el('th', { scope: 'col' }, 'Attendee'), el('th', { scope: 'col' }, 'Lesson'),
    ...exercises.map((e) => el('th', { scope: 'col' }, e.title))));
  const rows = [...attendees.values()].map((a) => ({ a, stuck: stuckness(a) }));
  rows.sort($('.wd-sort').value === 'name' ? (x, y) => x.a.name.localeCompare(y.a.name)
    : (x, y) => (y.stuck - x.stuck) || x.a.name.localeCompare(y.a.name));
  $('.wd-grid tbody').replaceChildren(...rows.map(({ a, stuck }) => el('tr', {
    className: stuck > 0 ? 'stuck' : '', dataset: { attendee: a.id, stuck: stuck > 0 ? 'yes' : 'no' },
  },
  el('th', { scope: 'row' }, a.name, stuck > 0 ? ' · stuck' : '',
    a.online ? null : el('span', { className: 'wd-offline' }, ' · offline')),
  el('td', {}, a.lesson || '–'),
  ...exercises.map((e) => cell((a.exercises || {})[e.id])))));
  const count = (id, state) => rows.filter(({ a }) => ((a.exercises || {})[id]?.state || 'not-started') === state).length;
  $('.wd-grid tfoot').replaceChildren(el('tr', {}, el('th', { scope: 'row', colSpan: 2 }, 'Passed / failing / not started'),
    ...exercises.map((e) => el('td', { dataset: { exercise: e.id } },
      `${count(e.id, 'passed')} / ${count(e.id, 'failed')} / ${count(e.id, 'not-started')}`))));
  const stuckCount = rows.filter((r) => r.stuck > 0).length;
  const online = rows.filter((r) => r.a.online).length;
  $('.wd-summary').textContent = rows.length === 0 ? 'No attendee has joined yet.'
    : `${rows.length} attendees, ${online} online, ${stuckCount} stuck.`;
}

function renderHands() {
  $('.wd-hands').replaceChildren(...hands.map((h) => el('li', { dataset: { attendee: h.attendee } },
    el('span', { className: 'wd-hand-name' }, h.name), h.note ? ': ' : '', el('span', { className: 'wd-hand-note' }, h.note || ''), ' ',
    button('Lower', () => postJson('/workshop/instructor/hands/lower', { attendee: h.attendee })
      .catch((error) => { status.textContent = error.message; }), { 'aria-label': `Lower ${h.name}'s hand` }))));
  if (hands.length === 0) $('.wd-hands').replaceChildren(el('li', {}, 'No hand is up.'));
}

function renderQuestions() {
  const act = (url, id) => postJson(url, { id }).catch((error) => { status.textContent = error.message; });
  $('.wd-questions').replaceChildren(...questions.map((q) => el('li', {
    className: `${q.answered ? 'answered' : ''} ${q.hidden ? 'hidden-question' : ''}`.trim(), dataset: { question: q.id },
  },
  el('span', { className: 'wd-votes' }, `${q.votes} ${q.votes === 1 ? 'vote' : 'votes'}`), ' · ',
  el('span', { className: 'wd-question-text' }, q.text), ' · ',
  el('span', { className: 'wd-question-from' }, q.from || 'anonymous'),
  q.answered ? ' · answered' : '', q.hidden ? ' · hidden' : '', ' ',
  q.answered || q.hidden ? null : button('Answered', () => act('/workshop/instructor/questions/answer', q.id)),
  ' ',
  q.hidden ? null : button('Hide', () => act('/workshop/instructor/questions/hide', q.id)))));
  if (questions.length === 0) $('.wd-questions').replaceChildren(el('li', {}, 'No question yet.'));
}

function renderAll() {
  renderGrid();
  renderHands();
  renderQuestions();
}

const stream = new EventSource('/workshop/instructor/dashboard/events');
stream.addEventListener('open', () => { status.textContent = 'Live.'; });
stream.addEventListener('error', () => { status.textContent = 'Connection lost: reconnecting…'; });
stream.addEventListener('snapshot', (event) => {
  const all = JSON.parse(event.data);
  skew = Date.now() - all.now;
  exercises = all.exercises;
  attendees.clear();
  all.attendees.forEach((a) => attendees.set(a.id, a));
  hands = all.hands;
  questions = all.questions;
  $('.wd-anonymous').checked = all.anonymous;
  $('.wd-join-code').textContent = all.joinCode;
  status.textContent = 'Live.';
  renderAll();
});
stream.addEventListener('attendee', (event) => {
  const change = JSON.parse(event.data);
  skew = Date.now() - change.now;
  attendees.set(change.attendee.id, change.attendee);
  renderGrid();
});
stream.addEventListener('hands', (event) => {
  hands = JSON.parse(event.data).hands;
  renderHands();
});
stream.addEventListener('questions', (event) => {
  const change = JSON.parse(event.data);
  questions = change.questions;
  $('.wd-anonymous').checked = change.anonymous;
  renderQuestions();
});
closeOnPageHide(() => stream.close());

$('.wd-anonymous').addEventListener('change', (event) => postJson('/workshop/instructor/questions/anonymous',
  { allowed: event.target.checked }).catch((error) => { status.textContent = error.message; }));
$('.wd-settings').addEventListener('input', renderGrid);
$('.wd-settings').addEventListener('submit', (event) => event.preventDefault());
setInterval(renderGrid, 15000); // "since" and "stuck for M minutes" move with time
