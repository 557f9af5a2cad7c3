// The room's chat widget, for attendees and the instructor: one WebSocket to /workshop/socket
// that carries chat messages and poll answers, and comes back by itself after a drop, asking
// for the messages after the last one it saw. Text from others is always set as textContent.
import { el, button, socketUrl, describeClose, postJson } from '../kit.js';

/**
 * { element, vote(poll, answer), close() }. `canHide`: each message gets a Hide button (the
 * instructor's page); `onVoted(poll, answer)`: the server counted this page's vote.
 */
export function createChat({ canHide = false, onVoted = () => {} } = {}) {
  const list = el('ol', { className: 'ws-messages', 'aria-live': 'polite', 'aria-label': 'Chat messages' });
  const members = el('span', { className: 'ws-members' });
  const input = el('input', { type: 'text', maxLength: 280, 'aria-label': 'Message to the room', placeholder: 'Say something' });
  const note = el('p', { className: 'ws-chat-note', role: 'status' });
  const form = el('form', { className: 'ws-chat-form' }, input, el('button', { type: 'submit' }, 'Send'));
  const element = el('details', { className: 'ws-chat', open: canHide }, el('summary', {}, 'Chat ', members), list, form, note);
  let socket = null;
  let lastSeq = -1;
  let closed = false;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (input.value.trim() === '' || !socket || socket.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify({ type: 'say', text: input.value }));
    input.value = '';
  });
  const connect = () => {
    socket = new WebSocket(socketUrl(`/workshop/socket${lastSeq >= 0 ? `?after=${lastSeq}` : ''}`));
    socket.onopen = () => { note.textContent = ''; };
    socket.onmessage = (event) => receive(JSON.parse(event.data));
    socket.onclose = (event) => {
      if (closed) return;
      note.textContent = `chat closed: ${describeClose(event)}`;
      if (event.code !== 1008) setTimeout(connect, 1000 + Math.random() * 2000);
    };
  };
  const receive = (event) => {
    if (typeof event.members === 'number') members.textContent = `(${event.members - 1} here)`;
    if (event.type === 'voted') { onVoted(event.poll, event.answer); return; }
    if (event.type === 'error') { note.textContent = event.message; return; }
    if (event.type !== 'message') return;
    lastSeq = event.seq;
    const body = JSON.parse(event.text);
    if (body.hide) {
      list.querySelector(`[data-seq="${body.hide}"]`)?.remove();
      return;
    }
    const seq = String(event.seq);
    const hide = canHide ? button('Hide', () => postJson('/workshop/instructor/chat/hide', { seq: event.seq })
      .catch((error) => { note.textContent = error.message; }), { className: 'ws-hide', 'aria-label': `Hide message ${seq}` }) : null;
    list.append(el('li', { dataset: { seq }, className: body.instructor ? 'ws-from-instructor' : '' },
      el('strong', {}, event.from), ': ', el('span', { className: 'ws-text' }, body.say), hide ? ' ' : null, hide));
    while (list.childElementCount > 200) list.firstElementChild.remove();
  };
  connect();
  return {
    element,
    vote: (poll, answer) => socket?.send(JSON.stringify({ type: 'vote', poll, answer })),
    close: () => { closed = true; socket?.close(1000, 'page closed'); },
  };
}
