// ws-frames: type a message and see the frames it becomes on the wire, in both directions,
// byte by byte. The bytes come from the server's FrameEncoder (GET /demos/frames), so what
// you see is what real Java code produces.
import { el, createStatus } from '../kit.js';

const PRESETS = [
  { label: 'RFC: "Hello"', values: { type: 'text', text: 'Hello', fragments: '1', size: '', key: '', masked: true } },
  { label: 'RFC: masked "Hello"', values: { type: 'text', text: 'Hello', fragments: '1', size: '', key: '37fa213d', masked: true } },
  { label: 'RFC: "Hel" + "lo"', values: { type: 'text', text: 'Hello', fragments: '2', size: '', key: '', masked: true } },
  { label: 'RFC: ping', values: { type: 'ping', text: 'Hello', fragments: '1', size: '', key: '', masked: true } },
  { label: '256-byte binary', values: { type: 'binary', text: 'ab', fragments: '1', size: '256', key: '', masked: true } },
  { label: '64 KiB binary', values: { type: 'binary', text: 'ab', fragments: '1', size: '65536', key: '', masked: true } },
  { label: 'close 1000', values: { type: 'close', text: 'bye', fragments: '1', size: '', key: '', masked: true, code: '1000' } },
];

export function mount(section) {
  const body = section.querySelector('.demo-body');
  const status = createStatus();

  const typeSelect = el('select', { className: 'frames-type', 'aria-label': 'Frame type' },
    ...['text', 'binary', 'ping', 'pong', 'close'].map((t) => el('option', { value: t }, t)));
  const textInput = el('input', { type: 'text', className: 'frames-text', value: 'Hello', 'aria-label': 'Message, or close reason' });
  const fragmentsInput = el('input', { type: 'number', className: 'frames-fragments', value: '1', min: '1', max: '16', 'aria-label': 'Number of frames' });
  const sizeInput = el('input', { type: 'number', className: 'frames-size', min: '0', max: '70000', placeholder: 'as typed', 'aria-label': 'Payload size in bytes (repeats the text)' });
  const codeInput = el('input', { type: 'number', className: 'frames-code', value: '1000', 'aria-label': 'Close code' });
  const keyInput = el('input', { type: 'text', className: 'frames-key', placeholder: 'random', maxLength: 11, 'aria-label': 'Masking key, 8 hex digits' });
  const maskedBox = el('input', { type: 'checkbox', className: 'frames-masked', checked: true });
  const showButton = el('button', { type: 'button', className: 'frames-show' }, 'Show frames');
  const codeLabel = el('label', {}, 'close code ', codeInput);

  const presets = el('div', { className: 'demo-controls frames-presets' }, el('span', {}, 'Try:'),
    ...PRESETS.map((preset) => {
      const button = el('button', { type: 'button' }, preset.label);
      button.addEventListener('click', () => { apply(preset.values); update(); });
      return button;
    }));
  const output = el('div', { className: 'demo-columns frames-output' });

  body.append(
    el('div', { className: 'demo-controls' },
      el('label', {}, 'type ', typeSelect),
      el('label', { className: 'frames-text-label' }, 'message ', textInput)),
    el('div', { className: 'demo-controls' },
      el('label', {}, 'frames ', fragmentsInput),
      el('label', {}, 'payload bytes ', sizeInput),
      codeLabel),
    el('div', { className: 'demo-controls' },
      el('label', {}, 'client masking key ', keyInput),
      el('label', {}, maskedBox, ' client masks (RFC 6455 requires it)'),
      showButton),
    presets,
    status.element,
    output);

  function apply(values) {
    typeSelect.value = values.type;
    textInput.value = values.text;
    fragmentsInput.value = values.fragments;
    sizeInput.value = values.size;
    keyInput.value = values.key;
    maskedBox.checked = values.masked;
    if (values.code) codeInput.value = values.code;
    syncFields();
  }

  function syncFields() {
    codeLabel.hidden = typeSelect.value !== 'close';
    textInput.setAttribute('aria-label', typeSelect.value === 'close' ? 'Close reason' : 'Message');
  }

  let request = 0;
  async function update() {
    const params = new URLSearchParams({ type: typeSelect.value, text: textInput.value, fragments: fragmentsInput.value,
      size: sizeInput.value, key: keyInput.value, masked: String(maskedBox.checked) });
    if (typeSelect.value === 'close') params.set('code', codeInput.value);
    const mine = ++request;
    let answer;
    let response;
    try {
      response = await fetch(`/demos/frames?${params}`);
      answer = await response.json();
    } catch (error) {
      if (mine === request) status.set('The course server did not answer. Is it still running?', 'bad');
      return;
    }
    if (mine !== request) return; // a newer request is on its way
    if (!response.ok) {
      status.set(`Cannot build that frame: ${answer.error}`, 'bad');
      output.replaceChildren();
      return;
    }
    const c2s = answer.clientToServer;
    const s2c = answer.serverToClient;
    status.set(`A ${answer.payloadBytes}-byte ${answer.type} payload: ${c2s.totalBytes} bytes from the client (${c2s.overheadBytes} of them header), `
      + `${s2c.totalBytes} from the server (${s2c.overheadBytes} header), in ${s2c.frames.length} frame${s2c.frames.length > 1 ? 's' : ''}.`, 'ok');
    output.replaceChildren(
      direction(c2s.masked ? 'Client to server (masked)' : 'Client to server, NOT masked: a server must close such a connection (1002)', c2s, 'frames-c2s'),
      direction('Server to client (never masked)', s2c, 'frames-s2c'));
  }

  let timer = null;
  const soon = () => { clearTimeout(timer); timer = setTimeout(update, 250); };
  for (const input of [textInput, fragmentsInput, sizeInput, codeInput, keyInput]) input.addEventListener('input', soon);
  for (const input of [typeSelect, maskedBox]) input.addEventListener('change', () => { syncFields(); update(); });
  showButton.addEventListener('click', update);

  syncFields();
  update();
}

function direction(title, data, className) {
  return el('div', { className: `frames-direction ${className}` },
    el('h4', {}, title),
    ...data.frames.map((frame, i) => el('div', { className: 'frames-frame' },
      el('p', { className: 'frames-caption' }, `frame ${i + 1} of ${data.frames.length}: ${frame.bytes} bytes, ${frame.headerBytes} before the payload`),
      el('pre', { className: 'frames-hex' }, frame.hex),
      el('dl', { className: 'frames-fields' }, ...frame.fields.flatMap((field) => [
        el('dt', {}, el('code', {}, field.hex), ' ', el('span', { className: 'frames-field-name' }, field.name)),
        el('dd', {}, field.meaning)])))));
}
