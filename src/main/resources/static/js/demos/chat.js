// Lesson 06's chat: three members of one room side by side. Ada and Bo are on WebSockets,
// Cy reads an event stream and sends with POST. One message typed anywhere shows up in all
// three panes, whatever the transport. A second tab with the same room name joins the same room.

import { el, createLog, randomId, socketUrl, createStatus, closeOnPageHide, describeClose } from '../kit.js';

const ROOM_NAME = /^[a-z0-9-]{1,32}$/;

/** Formats one event from the room for a member's log; returns [log class, text]. */
function describe(event, me) {
  switch (event.type) {
    case 'message': {
      const delay = Date.now() - event.sentAt;
      const after = delay >= 0 && delay < 60000 ? `  (+${delay} ms)` : '';
      return [event.from === me ? 'out' : 'in', `#${event.seq} ${event.from}: ${event.text}${after}`];
    }
    case 'join':
      return ['sys', `${event.who} joined · ${event.members} in the room`];
    case 'leave':
      return ['sys', `${event.who} left${event.reason ? ` (${event.reason})` : ''} · ${event.members} in the room`];
    case 'gap':
      return ['err', `missed messages that are no longer kept; resuming at #${event.resumeFrom}`];
    case 'error':
      return ['err', event.message];
    default:
      return ['sys', JSON.stringify(event)];
  }
}

/** One pane: a name, a transport, a log, a member count and a box to type in. */
function pane(who, transport, key) {
  const log = createLog(`${who}'s view of the room`, { className: 'chat-log' });
  const members = el('p', { className: 'chat-members' }, 'not in a room');
  const input = el('input', { type: 'text', maxLength: 2000, placeholder: `Say something as ${who}`,
    'aria-label': `Message from ${who}`, disabled: true });
  const send = el('button', { type: 'submit', disabled: true }, 'Send');
  const form = el('form', { className: 'chat-form' }, input, send);
  const element = el('div', { className: 'chat-pane', dataset: { member: key } },
    el('h4', {}, `${who} `, el('span', { className: 'chat-transport' }, transport)), members, log.element, form);
  return { element, log: log.write, members, input, send, form };
}

/** The parts every member has, whatever the transport. */
class Member {
  constructor(name, view, options) {
    this.name = name;
    this.view = view;
    this.options = options;
    view.form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = view.input.value;
      if (text.trim() === '') {
        view.log('err', 'Type something first: empty messages are not sent.');
        return;
      }
      if (this.say(text)) view.input.value = '';
    });
  }

  ready(on) {
    this.view.input.disabled = !on;
    this.view.send.disabled = !on;
    if (!on) this.view.members.textContent = 'not in a room';
  }

  receive(event, raw) {
    if (typeof event.members === 'number') {
      this.view.members.textContent = `${event.members} in the room`;
    }
    if (this.options.raw()) {
      this.view.log('in', raw);
    } else {
      const [kind, text] = describe(event, this.name);
      this.view.log(kind, text);
    }
  }
}

class SocketMember extends Member {
  join(room) {
    this.leave();
    const socket = new WebSocket(socketUrl(`/ws/room/${room}?name=${encodeURIComponent(this.name)}`));
    this.socket = socket;
    this.view.log('sys', `opening a WebSocket to /ws/room/${room}`);
    socket.onopen = () => { this.ready(true); this.view.log('sys', 'connected'); };
    socket.onmessage = (e) => this.receive(JSON.parse(e.data), e.data);
    socket.onclose = (e) => {
      if (this.socket !== socket) return;
      this.ready(false);
      this.view.log(e.code === 1000 ? 'sys' : 'err', `closed: ${describeClose(e)}`);
    };
  }

  say(text) {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(text);
    return true;
  }

  leave() {
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.close(1000, 'left the room');
      this.ready(false);
      this.view.log('sys', 'left the room');
    }
  }
}

class StreamMember extends Member {
  join(room) {
    this.leave();
    this.room = room;
    const source = new EventSource(`/sse/room/${room}?name=${encodeURIComponent(this.name)}`);
    this.source = source;
    this.view.log('sys', `opening an event stream: GET /sse/room/${room}`);
    source.onopen = () => { this.ready(true); this.view.log('sys', 'stream open; sending goes by POST'); };
    const handle = (e) => {
      const raw = `id: ${e.lastEventId}\nevent: ${e.type}\ndata: ${e.data}`;
      this.receive(JSON.parse(e.data), raw);
    };
    for (const type of ['message', 'presence', 'notice']) source.addEventListener(type, handle);
    source.onerror = () => {
      if (this.source !== source) return;
      if (source.readyState === EventSource.CLOSED) {
        this.ready(false);
        this.view.log('err', 'the stream failed for good (an error status or the wrong type); join again to retry');
      } else {
        this.view.log('err', `stream lost; the browser reconnects by itself and sends Last-Event-ID: ${source.lastEventId || '(none yet)'}`);
      }
    };
  }

  say(text) {
    if (!this.source) return false;
    const room = this.room;
    fetch(`/sse/room/${room}?name=${encodeURIComponent(this.name)}`, {
      method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: text,
    }).then(async (response) => {
      if (!response.ok) this.view.log('err', `POST failed: ${response.status} ${await response.text()}`);
    }).catch((error) => this.view.log('err', `POST failed: ${error.message}`));
    return true;
  }

  leave() {
    const source = this.source;
    this.source = null;
    if (source) {
      source.close();
      this.ready(false);
      this.view.log('sys', 'left the room');
    }
  }
}

export function mount(section) {
  const body = section.querySelector('.demo-body');
  const tag = randomId(1); // tells this tab's members from another tab's
  const roomInput = el('input', { type: 'text', value: 'lobby', maxLength: 32, spellcheck: false,
    'aria-label': 'Room name', className: 'chat-room' });
  const join = el('button', { type: 'submit' }, 'Join');
  const leave = el('button', { type: 'button', disabled: true }, 'Leave');
  const rawBox = el('input', { type: 'checkbox' });
  const controls = el('form', { className: 'demo-controls' },
    el('label', {}, 'Room ', roomInput), join, leave, el('label', { className: 'chat-raw' }, rawBox, ' show raw events'));
  const status = createStatus('Pick a room and press Join. Open this page in a second tab to add more members.');

  const options = { raw: () => rawBox.checked };
  const panes = [
    ['Ada', 'over WebSocket', 'ada', SocketMember],
    ['Bo', 'over WebSocket', 'bo', SocketMember],
    ['Cy', 'over SSE + POST', 'cy', StreamMember],
  ].map(([who, transport, key, Kind]) => {
    const view = pane(who, transport, key);
    return { view, member: new Kind(`${who}-${tag}`, view, options) };
  });
  body.replaceChildren(controls, status.element, el('div', { className: 'demo-columns chat-panes' }, ...panes.map((p) => p.view.element)));

  controls.addEventListener('submit', (e) => {
    e.preventDefault();
    const room = roomInput.value.trim();
    if (!ROOM_NAME.test(room)) {
      status.set('A room name is 1 to 32 characters of a-z, 0-9 and - (the server would refuse it with 400, or close a WebSocket with 1008).', 'bad');
      return;
    }
    for (const { member } of panes) member.join(room);
    leave.disabled = false;
    status.set(`In room “${room}”: ${panes.map((p) => p.member.name).join(', ')}. Type in any pane; every message goes to all members, on both transports.`, 'ok');
  });
  const leaveAll = () => {
    for (const { member } of panes) member.leave();
    leave.disabled = true;
  };
  leave.addEventListener('click', () => {
    leaveAll();
    status.set('Left the room. A room with no members is released on the server, history and all.');
  });
  closeOnPageHide(leaveAll);
}
