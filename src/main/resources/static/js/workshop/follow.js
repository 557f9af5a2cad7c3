// The attendee's workshop bar, on every page of a joined attendee. The follow channel is an
// event stream (the server speaks, the page listens): each event is the whole room state, so
// the newest one says where the instructor is and which poll is open. Votes and chat go the
// other way, often, so they use one WebSocket. Lesson 14 explains both choices.
import { el, button, cookie, closeOnPageHide } from '../kit.js';
import { createChat } from './chat.js';

const FOLLOWING = 'workshop-following';
const VOTES = 'workshop-votes';

if (cookie('rl_workshop') === 'attendee') start();

function start() {
  document.head.append(el('link', { rel: 'stylesheet', href: '/css/workshop.css' }));
  let state = null;
  let following = sessionStorage.getItem(FOLLOWING) !== 'no';
  const where = el('span', { className: 'ws-where' }, 'connecting…');
  const toggle = button('Stop following', () => {
    following = !following;
    sessionStorage.setItem(FOLLOWING, following ? 'yes' : 'no');
    if (following) goToInstructor();
    render();
  }, { className: 'ws-follow-toggle' });
  const pollBox = el('section', { className: 'ws-poll', hidden: '', 'aria-label': 'Poll' });
  const chat = createChat({ onVoted: (poll, answer) => voted(poll, answer) });
  const bar = el('aside', { className: 'workshop-bar', 'aria-label': 'Workshop' },
    el('p', { className: 'ws-follow', role: 'status' }, where, ' ', toggle), pollBox, chat.element);
  document.body.append(bar);

  const source = new EventSource('/workshop/events');
  source.onmessage = (event) => {
    const envelope = JSON.parse(event.data);
    if (envelope.type !== 'message') return;
    state = JSON.parse(envelope.text);
    if (following) goToInstructor();
    render();
  };
  source.onerror = () => {
    // A refused stream (the workshop restarted, or ended) is not retried by EventSource.
    if (source.readyState === EventSource.CLOSED) {
      where.replaceChildren('You are not in this workshop (it may have restarted): ', el('a', { href: '/workshop' }, 'join again'), '.');
      toggle.hidden = true;
    } else {
      where.textContent = 'reconnecting to the room…';
    }
  };
  closeOnPageHide(() => { source.close(); chat.close(); });

  function goToInstructor() {
    if (!state) return;
    const path = `/lessons/${state.lesson}`;
    const hash = state.section ? `#${state.section}` : '';
    if (location.pathname !== path) {
      location.assign(path + hash);
      return;
    }
    const target = state.section ? document.getElementById(state.section) : document.querySelector('main');
    if (target) target.scrollIntoView({ block: 'start' });
    if (location.hash !== hash) history.replaceState(null, '', path + hash);
  }

  function render() {
    if (!state) return;
    bar.dataset.at = `${state.lesson}#${state.section}`;
    bar.dataset.following = following ? 'yes' : 'no';
    where.textContent = following ? 'Following the instructor.' : 'Reading on your own.';
    toggle.textContent = following ? 'Stop following' : 'Catch up';
    renderPoll();
  }

  function renderPoll() {
    const poll = state.poll;
    pollBox.hidden = !poll;
    if (!poll) { pollBox.replaceChildren(); return; }
    const votes = JSON.parse(sessionStorage.getItem(VOTES) || '{}');
    const mine = votes[poll.id];
    const total = poll.counts ? poll.counts.reduce((a, b) => a + b, 0) : 0;
    const answers = poll.answers.map((text, i) => {
      if (poll.revealed) {
        const right = i === poll.correct;
        return el('li', { className: right ? 'ws-right' : '' },
          `${right ? '✓ ' : ''}${text} · ${poll.counts[i]} of ${total}${i === mine ? ' (your answer)' : ''}`);
      }
      return el('li', {}, button(text, () => chat.vote(poll.id, i), {
        className: 'ws-answer', 'aria-pressed': String(i === mine), disabled: !poll.open }));
    });
    pollBox.replaceChildren(el('p', { className: 'ws-question' }, poll.question), el('ol', { className: 'ws-answers' }, answers),
      poll.revealed ? el('p', { className: 'ws-explain' }, poll.explanations[poll.correct]) : null);
  }

  function voted(pollId, answer) {
    const votes = JSON.parse(sessionStorage.getItem(VOTES) || '{}');
    votes[pollId] = answer;
    sessionStorage.setItem(VOTES, JSON.stringify(votes));
    render();
  }

}
