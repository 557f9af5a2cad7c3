// Lab 10: a chat message is untrusted data. Mallory sends HTML; the lab chat relays it as it
// came; your page hands it to two renderers in sandboxed frames: one uses innerHTML, one uses
// textContent. Only the first runs Mallory's script, and the sandbox keeps even that one away
// from the course's page, cookies and storage.
import { el, button, createStatus, createLog, socketUrl, describeClose, closeOnPageHide } from '../kit.js';

const PAYLOAD = '<img src="x" onerror="document.body.className=\'owned\';'
  + 'document.body.prepend(\'A script from a chat message is running in this page!\');'
  + 'parent.postMessage({ ran: true }, \'*\')">';

export function mount(section) {
  const body = section.querySelector('.demo-body');
  const status = createStatus('Join the chat: this page opens two sockets, one for you and one for Mallory.');
  const log = createLog('Chat log');
  const message = el('textarea', { class: 'lab-payload', rows: '3', 'aria-label': 'Mallory\'s message', spellcheck: 'false' });
  message.value = PAYLOAD;
  const frames = el('div', { class: 'demo-columns lab-frames' });
  const sockets = new Set();
  let you = null;
  let mallory = null;
  let htmlFrame = null;
  let textFrame = null;

  function frame(render, title) {
    const iframe = el('iframe', { sandbox: 'allow-scripts', src: `/labs/xss/frame?render=${render}`, title, class: 'lab-frame', 'data-render': render });
    frames.append(el('div', {}, el('h4', { text: title }), iframe));
    return iframe;
  }

  function open(name, onMessage) {
    const socket = new WebSocket(socketUrl('/labs/chat'));
    sockets.add(socket);
    socket.onopen = () => log.write('sys', `${name} joined the chat`);
    socket.onmessage = onMessage;
    socket.onclose = (event) => { sockets.delete(socket); log.write('err', `${name}'s socket closed: ${describeClose(event)}`); };
    return socket;
  }

  const join = button('Join the chat', () => {
    if (you) return;
    htmlFrame = frame('html', 'Rendered with innerHTML');
    textFrame = frame('text', 'Rendered with textContent');
    you = open('you', (event) => {
      log.write('in', `you received: ${event.data}`);
      for (const target of [htmlFrame, textFrame]) target.contentWindow.postMessage({ text: event.data }, '*');
    });
    mallory = open('Mallory', () => {});
    status.set('In the chat. Send Mallory\'s message and watch both renderers.', 'ok');
  });

  const send = button('Send as Mallory', () => {
    if (!mallory || mallory.readyState !== WebSocket.OPEN) { log.write('err', 'join the chat first'); return; }
    log.write('out', `Mallory sends: ${message.value}`);
    mallory.send(message.value);
  });

  // Only the frames may report, and only that a script ran: the data is never rendered.
  window.addEventListener('message', (event) => {
    if (!event.data || event.data.ran !== true) return;
    if (htmlFrame && event.source === htmlFrame.contentWindow) {
      status.set('Mallory\'s script ran in the innerHTML renderer. In the textContent renderer the same message is plain text.', 'bad');
      log.write('err', 'a script from Mallory\'s message ran in the innerHTML frame (sandboxed: opaque origin, no cookies, no access to this page)');
    } else if (textFrame && event.source === textFrame.contentWindow) {
      log.write('err', 'a script ran in the textContent frame: that should never happen');
    }
  });

  body.append(
    el('div', { class: 'demo-controls' }, join),
    message,
    el('div', { class: 'demo-controls' }, send),
    status.element,
    frames,
    log.element,
  );

  closeOnPageHide(() => { for (const socket of sockets) socket.close(); });
}
