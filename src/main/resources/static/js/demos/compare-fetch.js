// compare-fetch: lesson 08's SSE without EventSource. A POST with a JSON body and an
// Authorization header (neither possible with EventSource) to /sse/generate, answered by an event
// stream of words, read with fetch() and the course's event-stream parser. Drop the connection
// and resume: the page sends Last-Event-ID itself, as an ordinary header.
import { el, button, createLog, createStatus, closeOnPageHide, randomId, quoted } from '../kit.js';
import { createEventStreamParser, readEventStream } from '../event-stream.js';

export function mount(section) {
  const body = section.querySelector('.demo-body');
  const token = randomId(16); // a made-up bearer token: the server only checks that it is the same one
  const prompt = el('input', { type: 'text', className: 'fetch-prompt', value: 'Why read a stream with fetch()?', maxLength: 200,
    'aria-label': 'Prompt' });
  const status = createStatus('Generate sends a POST with a JSON body and an Authorization header, and reads the answer as an event stream.');
  const output = el('p', { className: 'fetch-output', 'aria-live': 'off' });
  const log = createLog('Requests sent and events parsed', { live: 'off', limit: 200 });
  const generate = button('Generate', () => start(), { className: 'fetch-generate' });
  const drop = button('Drop the connection', () => dropNow(), { className: 'fetch-drop', disabled: true });
  const resume = button('Resume', () => start(true), { className: 'fetch-resume', disabled: true });
  body.append(el('div', { className: 'demo-controls' }, el('label', {}, 'prompt ', prompt), generate, drop, resume),
    status.element, output, log.element);

  let controller = null;
  let parser = null;
  let resumeUrl = null;
  let finished = false;
  closeOnPageHide(() => controller?.abort());

  function handle(event) {
    log.write('in', `event ${event.type}, id ${quoted(event.lastEventId)}: ${event.data}`);
    const payload = JSON.parse(event.data);
    if (event.type === 'generation') {
      resumeUrl = payload.resume;
    } else if (event.type === 'token') {
      output.append(payload.text);
    } else if (event.type === 'done') {
      finished = true;
      const whole = output.textContent === payload.text;
      status.set(`Complete: ${payload.words} words, ${whole ? 'the text is whole: nothing lost, nothing twice' : 'the text differs from what the server sent'}.`,
        whole ? 'ok' : 'bad');
      controller.abort(); // the server would keep the stream open: this client knows it is done
    }
  }

  async function start(resuming = false) {
    controller?.abort();
    controller = new AbortController();
    const mine = controller;
    finished = false;
    const headers = { 'Content-Type': 'application/json', Accept: 'text/event-stream', Authorization: `Bearer ${token}` };
    if (resuming && parser.lastEventId) headers['Last-Event-ID'] = parser.lastEventId;
    if (!resuming) {
      output.replaceChildren();
      log.clear();
      parser = createEventStreamParser(handle);
    }
    const url = resuming ? resumeUrl : '/sse/generate';
    log.write('out', `POST ${url}  Authorization: Bearer ${token.slice(0, 6)}…${headers['Last-Event-ID'] ? `  Last-Event-ID: ${headers['Last-Event-ID']}` : ''}`);
    generate.disabled = true; drop.disabled = false; resume.disabled = true;
    status.set(resuming ? `Resuming after id ${parser.lastEventId || '(none)'}…` : 'Generating…');
    try {
      const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ prompt: prompt.value }), signal: mine.signal });
      log.write('sys', `HTTP ${response.status}, Content-Type: ${response.headers.get('Content-Type')}`);
      if (response.status === 204) { status.set('The server has nothing more for this generation (204).'); return; }
      if (!response.ok || !(response.headers.get('Content-Type') || '').startsWith('text/event-stream')) {
        status.set(`Refused: ${response.status} ${await response.text()}`, 'bad');
        return;
      }
      await readEventStream(response, parser);
      if (!finished) status.set('The stream ended before the text did: press Resume.', 'bad');
    } catch (error) {
      if (error.name !== 'AbortError') status.set(`The request failed: ${error.message}`, 'bad');
    } finally {
      if (controller === mine) {
        generate.disabled = false; drop.disabled = true;
        resume.disabled = finished || !resumeUrl;
      }
    }
  }

  function dropNow() {
    controller?.abort();
    log.write('sys', `dropped the connection; the last event id is ${quoted(parser.lastEventId)}`);
    status.set(`Dropped after id ${parser.lastEventId || '(none)'}. The server goes on generating; press Resume.`, 'bad');
  }
}
