// compare-cursors: lesson 08's shared cursors over WebSocket. Every page that joins the room
// "cursors" (/ws/room/cursors) sends its pointer position, at most 20 times a second, as a small
// JSON text; every member gets every position, and the page shows each member's cursor as a name
// placed in the area and as a line of text. Names come from the reader and are shown as text only.
import { el, button, createStatus, socketUrl, closeOnPageHide, randomId, describeClose, SERIES_COLORS } from '../kit.js';

const ROOM = 'cursors';
const SEND_EVERY_MS = 50; // 20 a second: smooth enough, and far below the app's 100 messages a second
const NAME = /^[A-Za-z0-9 _-]{1,24}$/;

/** A colour per name, the same on every page. */
function colourOf(name) {
  let hash = 0;
  for (const c of name) hash = (hash * 31 + c.codePointAt(0)) >>> 0;
  return SERIES_COLORS[hash % SERIES_COLORS.length];
}

export function mount(section) {
  const body = section.querySelector('.demo-body');
  const nameInput = el('input', { type: 'text', className: 'cursor-name', value: `guest-${randomId(2)}`, maxLength: 24,
    spellcheck: 'false', 'aria-label': 'Your name in the room' });
  const status = createStatus('Pick a name and join. Open this page in a second window to see its cursor here.');
  const area = el('div', { className: 'cursor-area', tabIndex: 0, role: 'group',
    'aria-label': 'Shared area: move the pointer here, or focus it and use the arrow keys' });
  const list = el('ul', { className: 'cursor-list', 'aria-label': 'Cursors in the room' });
  const join = button('Join', open);
  const leave = button('Leave', () => close('You left the room.'), { disabled: true });
  body.append(el('div', { className: 'demo-controls' }, el('label', {}, 'name ', nameInput), join, leave),
    status.element, area, list);

  let socket = null;
  let me = '';
  let mine = { x: 0.5, y: 0.5 };
  let lastSent = 0;
  let pending = null;
  const cursors = new Map(); // name -> { x, y, mark, line }

  function open() {
    const name = nameInput.value.trim();
    if (!NAME.test(name)) {
      status.set('A name is 1 to 24 letters, digits, spaces, _ or -.', 'bad');
      return;
    }
    me = name;
    socket = new WebSocket(socketUrl(`/ws/room/${ROOM}?name=${encodeURIComponent(name)}`));
    join.disabled = true;
    nameInput.disabled = true;
    status.set('Joining…');
    socket.onopen = () => {
      leave.disabled = false;
      status.set(`In the room as ${me}. Move the pointer over the area.`, 'ok');
      send();
    };
    socket.onmessage = (event) => receive(JSON.parse(event.data));
    socket.onclose = (event) => close(`The room closed the socket: ${describeClose(event)}`);
  }

  function close(words) {
    if (socket) {
      socket.onclose = null;
      socket.close(1000, 'left');
      socket = null;
    }
    clearTimeout(pending);
    pending = null;
    cursors.forEach((c) => { c.mark.remove(); c.line.remove(); });
    cursors.clear();
    join.disabled = false;
    leave.disabled = true;
    nameInput.disabled = false;
    status.set(words);
  }
  closeOnPageHide(() => socket?.close(1000, 'page closed'));

  /** Sends the newest position now, or once SEND_EVERY_MS have passed since the last send. */
  function send() {
    if (!socket || socket.readyState !== WebSocket.OPEN || pending) return;
    const wait = lastSent + SEND_EVERY_MS - performance.now();
    if (wait > 0) {
      pending = setTimeout(() => { pending = null; send(); }, wait);
      return;
    }
    lastSent = performance.now();
    socket.send(JSON.stringify({ x: Math.round(mine.x * 1000) / 1000, y: Math.round(mine.y * 1000) / 1000 }));
  }

  function moveTo(x, y) {
    mine = { x: Math.min(1, Math.max(0, x)), y: Math.min(1, Math.max(0, y)) };
    send();
  }

  area.addEventListener('pointermove', (event) => {
    const box = area.getBoundingClientRect();
    moveTo((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
  });
  area.addEventListener('keydown', (event) => {
    const step = { ArrowLeft: [-0.02, 0], ArrowRight: [0.02, 0], ArrowUp: [0, -0.02], ArrowDown: [0, 0.02] }[event.key];
    if (!step) return;
    event.preventDefault();
    moveTo(mine.x + step[0], mine.y + step[1]);
  });

  function receive(event) {
    if (event.type === 'leave') {
      const gone = cursors.get(event.who);
      if (gone) { gone.mark.remove(); gone.line.remove(); cursors.delete(event.who); }
      return;
    }
    if (event.type !== 'message') return;
    let position;
    try { position = JSON.parse(event.text); } catch (e) { return; } // not a cursor: someone typed in the room
    if (typeof position?.x !== 'number' || typeof position?.y !== 'number') return;
    show(event.from, Math.min(1, Math.max(0, position.x)), Math.min(1, Math.max(0, position.y)));
  }

  function show(name, x, y) {
    let cursor = cursors.get(name);
    if (!cursor) {
      const colour = colourOf(name);
      cursor = {
        mark: el('span', { className: 'cursor-mark', 'aria-hidden': 'true' }, name === me ? `${name} (you)` : name),
        line: el('li', { dataset: { name } }),
      };
      cursor.mark.style.borderColor = colour;
      cursor.line.style.borderLeftColor = colour;
      cursors.set(name, cursor);
      area.append(cursor.mark);
      list.append(cursor.line);
    }
    cursor.mark.style.left = `${(x * 100).toFixed(1)}%`;
    cursor.mark.style.top = `${(y * 100).toFixed(1)}%`;
    cursor.line.textContent = `${name}${name === me ? ' (you)' : ''}: ${Math.round(x * 100)}% across, ${Math.round(y * 100)}% down`;
  }
}
