// A WebSocket that comes back by itself. It reconnects with exponential backoff and full jitter,
// notices a connection that has gone silent with an application-level heartbeat (browser
// JavaScript can neither send a protocol ping nor see a pong), and asks the server to resume
// after the last sequence number it received. Lesson 07 walks through it; the ws-reconnect demo
// draws what it does.
//
// Events (all CustomEvents, the facts in `detail`):
//   connecting {attempt, url}            a new WebSocket is being opened
//   open       {attempt}                 the handshake succeeded
//   message    {data}                    a message arrived (parsed JSON, or the raw text)
//   close      {code, reason, opened, heartbeat}   the connection ended or never opened
//   retry      {attempt, delay, ceiling} the next attempt is scheduled after `delay` ms
//   stable     {}                        the connection lasted `stableAfter` ms: backoff reset
//   ping       {silentFor}               a heartbeat went out; nothing was heard for `silentFor` ms

const DEFAULTS = {
  baseDelay: 500,        // ceiling of the first retry's wait, in ms
  maxDelay: 15000,       // the ceiling never grows past this
  stableAfter: 10000,    // a connection this old resets the backoff
  heartbeatEvery: 5000,  // send an application ping this often
  heartbeatTimeout: 12000, // silence longer than this means the connection is dead
  maxBuffered: 1 << 20,  // refuse to queue more than this many unsent bytes
};

// region backoff
/**
 * How long to wait before retry number `attempt` (0 for the first): a random time between 0 and
 * a ceiling that doubles with every failed attempt, up to `maxDelay` ("full jitter"). The
 * randomness spreads out thousands of clients that lost the same server at the same moment.
 */
export function backoffDelay(attempt, { baseDelay, maxDelay }, random = Math.random) {
  const ceiling = Math.min(maxDelay, baseDelay * 2 ** attempt);
  return { ceiling, delay: Math.round(random() * ceiling) };
}
// endregion

export class ReconnectingSocket extends EventTarget {
  #urlFor;
  #options;
  #socket = null;
  #attempt = 0;
  #lastSeq = 0;
  #lastHeard = 0;
  #stopped = true;
  #timers = { retry: 0, heartbeat: 0, stable: 0 };

  /** `urlFor(lastSeq)` gives the URL to connect to, so each attempt can carry the resume point. */
  constructor(urlFor, options = {}) {
    super();
    this.#urlFor = urlFor;
    this.#options = { ...DEFAULTS, ...options };
  }

  get lastSeq() { return this.#lastSeq; }
  get isOpen() { return this.#socket?.readyState === WebSocket.OPEN; }
  get bufferedAmount() { return this.#socket?.bufferedAmount ?? 0; }
  get options() { return { ...this.#options }; }

  start() {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#attempt = 0;
    this.#connect();
  }

  /** Closes for good (code 1000) and stops reconnecting. */
  stop() {
    this.#stopped = true;
    this.#clearTimers();
    const socket = this.#socket;
    this.#socket = null;
    if (socket) {
      this.#detach(socket);
      socket.close(1000, 'client stopped');
      this.#emit('close', { code: 1000, reason: 'client stopped', opened: true, heartbeat: false });
    }
  }

  // region connect
  #connect() {
    const url = this.#urlFor(this.#lastSeq);
    const socket = new WebSocket(url);
    this.#socket = socket;
    let opened = false;
    this.#emit('connecting', { attempt: this.#attempt, url });

    socket.onopen = () => {
      opened = true;
      this.#lastHeard = Date.now();
      this.#startHeartbeat();
      // Reset the backoff only once the connection has proved stable: a server that accepts
      // and then drops at once would otherwise be hammered without any pause.
      this.#timers.stable = setTimeout(() => {
        this.#attempt = 0;
        this.#emit('stable', {});
      }, this.#options.stableAfter);
      this.#emit('open', { attempt: this.#attempt });
    };
    socket.onmessage = (event) => {
      this.#lastHeard = Date.now(); // any message proves the connection is alive
      let data = event.data;
      try { data = JSON.parse(event.data); } catch (e) { /* not JSON: pass the text on */ }
      if (typeof data?.seq === 'number' && data.seq > this.#lastSeq) {
        this.#lastSeq = data.seq; // the resume point for the next connection
      }
      this.#emit('message', { data });
    };
    socket.onclose = (event) => {
      this.#lost(socket, { code: event.code, reason: event.reason, opened, heartbeat: false });
    };
  }

  #lost(socket, detail) {
    if (socket !== this.#socket) return; // an old socket we already gave up on
    this.#socket = null;
    this.#clearTimers();
    this.#emit('close', detail);
    if (this.#stopped) return;
    const { delay, ceiling } = backoffDelay(this.#attempt, this.#options);
    this.#attempt += 1;
    this.#emit('retry', { attempt: this.#attempt, delay, ceiling });
    this.#timers.retry = setTimeout(() => this.#connect(), delay);
  }
  // endregion

  // region heartbeat
  #startHeartbeat() {
    this.#timers.heartbeat = setInterval(() => {
      const socket = this.#socket;
      const silentFor = Date.now() - this.#lastHeard;
      if (silentFor > this.#options.heartbeatTimeout) {
        // Do not wait for the close handshake: a dead peer never answers it.
        this.#detach(socket);
        socket.close(4000, 'heartbeat timeout');
        this.#lost(socket, { code: 4000, reason: `nothing heard for ${silentFor} ms`, opened: true, heartbeat: true });
        return;
      }
      if (this.send({ type: 'ping', t: Date.now() })) this.#emit('ping', { silentFor });
    }, this.#options.heartbeatEvery);
  }
  // endregion

  // region send
  /**
   * Sends a message (objects as JSON). False when not connected, or when more than
   * `maxBuffered` bytes are still waiting to go out: `bufferedAmount` is the only sign of
   * backpressure the browser's WebSocket gives, and send() itself never refuses.
   */
  send(message) {
    const socket = this.#socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    if (socket.bufferedAmount > this.#options.maxBuffered) return false;
    socket.send(typeof message === 'string' ? message : JSON.stringify(message));
    return true;
  }
  // endregion

  #detach(socket) {
    socket.onopen = socket.onmessage = socket.onclose = null;
  }

  #clearTimers() {
    clearTimeout(this.#timers.retry);
    clearInterval(this.#timers.heartbeat);
    clearTimeout(this.#timers.stable);
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
