// What the WebSocket widgets share beyond kit.js.

export const READY_STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];

/** "1 (OPEN)": a readyState as number and name, as the lesson describes it. */
export function readyStateText(socket) {
  return socket ? `${socket.readyState} (${READY_STATES[socket.readyState]})` : '3 (CLOSED)';
}

/** What the close codes a learner will meet here mean (RFC 6455 section 7.4.1). */
export const CLOSE_CODES = {
  1000: 'normal closure',
  1001: 'going away',
  1002: 'protocol error',
  1003: 'unsupported data',
  1005: 'no status code in the close frame',
  1006: 'abnormal: no close frame at all',
  1007: 'invalid data (e.g. text that is not UTF-8)',
  1008: 'policy violation',
  1009: 'message too big',
  1011: 'server error',
};

export function describeClose(event) {
  const meaning = CLOSE_CODES[event.code] || (event.code >= 4000 ? 'application-defined' : event.code >= 3000 ? 'library-defined' : '');
  return `close: code ${event.code}${meaning ? ` (${meaning})` : ''}, reason ${JSON.stringify(event.reason)}, wasClean ${event.wasClean}`;
}

/** Hex of the first bytes of an ArrayBuffer: "48 65 6c 6c 6f". */
export function hexPreview(buffer, max = 16) {
  const bytes = new Uint8Array(buffer);
  const shown = [...bytes.subarray(0, max)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > max ? `${shown} …` : shown;
}
