// What the WebSocket widgets share beyond kit.js.

export const READY_STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];

/** "1 (OPEN)": a readyState as number and name, as the lesson describes it. */
export function readyStateText(socket) {
  return socket ? `${socket.readyState} (${READY_STATES[socket.readyState]})` : '3 (CLOSED)';
}

/** Hex of the first bytes of an ArrayBuffer: "48 65 6c 6c 6f". */
export function hexPreview(buffer, max = 16) {
  const bytes = new Uint8Array(buffer);
  const shown = [...bytes.subarray(0, max)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > max ? `${shown} …` : shown;
}
