// The course's one event-stream parser in the browser, for reading a stream without
// EventSource (fetch and a stream reader): the rules of the WHATWG HTML standard, "Server-sent
// events", section "Parsing an event stream", the same ones lesson 02 lists and the sse-parser
// exercise implements in Java.

/**
 * A parser fed with text as it arrives: parser.push(text) for each decoded chunk,
 * parser.end() when the stream ends (an unfinished event is discarded). onEvent gets
 * { type, data, lastEventId } for each dispatched event; onRetry the delay a retry field set.
 * parser.lastEventId is what a reconnect sends as Last-Event-ID.
 */
export function createEventStreamParser(onEvent, { onRetry = () => {} } = {}) {
  let line = '';          // the unfinished line
  let afterCR = false;    // the last character was a CR: an LF right after it ends nothing
  let first = true;       // a leading byte order mark is dropped
  let data = '';
  let type = '';
  let idBuffer = '';
  const parser = { lastEventId: '', push, end };

  function field(text) {
    if (text === '') { dispatch(); return; }
    if (text.startsWith(':')) return; // a comment
    const colon = text.indexOf(':');
    const name = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'event') type = value;
    else if (name === 'data') data += `${value}\n`;
    else if (name === 'id') { if (!value.includes('\0')) idBuffer = value; }
    else if (name === 'retry') { if (/^[0-9]+$/.test(value)) onRetry(Number(value)); }
    // any other field is ignored
  }

  function dispatch() {
    parser.lastEventId = idBuffer;
    if (data === '') { type = ''; return; }
    const event = { type: type || 'message', data: data.slice(0, -1), lastEventId: parser.lastEventId };
    data = '';
    type = '';
    onEvent(event);
  }

  function push(text) {
    if (first && text.length > 0) {
      first = false;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\n' && afterCR) { afterCR = false; start = i + 1; continue; }
      afterCR = false;
      if (c === '\r' || c === '\n') {
        field(line + text.slice(start, i));
        line = '';
        start = i + 1;
        afterCR = c === '\r';
      }
    }
    line += text.slice(start);
  }

  function end() {
    line = ''; afterCR = false; data = ''; type = ''; idBuffer = parser.lastEventId;
  }

  return parser;
}

/**
 * Reads a fetch() response as an event stream until it ends or is aborted: decodes UTF-8 (always,
 * whatever the Content-Type says), feeds the parser, and ends it.
 */
export async function readEventStream(response, parser) {
  const reader = response.body.pipeThrough(new TextDecoderStream('utf-8')).getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.push(value);
    }
  } finally {
    parser.end();
  }
}
