// What the Server-Sent Events widgets share beyond kit.js.

/** EventSource.readyState: CONNECTING 0, OPEN 1, CLOSED 2 (WHATWG HTML, "Server-sent events"). */
export const READY_STATES = ['CONNECTING', 'OPEN', 'CLOSED'];

/** "1 (OPEN)": a readyState as number and name. */
export function readyStateText(source) {
  const state = source ? source.readyState : 2;
  return `${state} (${READY_STATES[state]})`;
}

/** Puts "readyState 1 (OPEN): words" on a createStatus line, and the number in data-ready-state (no source: 2). */
export function showReadyState(status, source, words, kind) {
  status.set(`readyState ${readyStateText(source)}: ${words}`, kind);
  status.element.dataset.readyState = source ? source.readyState : 2;
}
