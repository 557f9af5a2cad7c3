package dev.realtimelab.bench;

import dev.realtimelab.live.frames.FrameEncoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Many room subscribers, WebSocket and SSE, on one thread: plain non-blocking sockets and one
 * selector, the handshake and the framing done by hand. A load generator has to be much cheaper
 * per message than the server it measures, or on a small machine it measures itself: the JDK's
 * HttpClient spends several thread hand-offs on every message, this spends one read per burst.
 *
 * <p>It speaks just enough of each protocol for the benchmark: RFC 6455 frames from the server
 * (unmasked; a ping gets its pong, a close is reported), and an HTTP/1.1 event stream in
 * chunked encoding whose {@code data:} lines are handed on.
 */
final class RawSubscribers implements AutoCloseable {
    /** What receives each message: the text of a WebSocket message or an SSE data line, as bytes. */
    interface Sink {
        void received(byte[] bytes, int from, int to);
    }

    private final InetSocketAddress server;
    private final String host;
    private final String origin;
    private final Consumer<String> ending;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Connection> toOpen = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
    private final Thread loop;
    private volatile boolean running = true;

    /** {@code ending} hears how each connection that ended did so. */
    RawSubscribers(String baseUrl, Consumer<String> ending) throws IOException {
        java.net.URI uri = java.net.URI.create(baseUrl);
        this.server = new InetSocketAddress(uri.getHost(), uri.getPort());
        this.host = uri.getHost() + ":" + uri.getPort();
        this.origin = baseUrl;
        this.ending = ending;
        this.selector = Selector.open();
        this.loop = new Thread(this::run, "bench-subscribers");
        loop.setDaemon(true);
        loop.start();
    }

    /** Opens a WebSocket to {@code path}; completes when the server has answered 101. */
    CompletableFuture<Void> webSocket(String path, Sink sink) {
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + origin
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\n\r\n";
        return open(new Connection(request, 101, true, sink));
    }

    /** Opens an event stream at {@code path}; completes when the server has answered 200. */
    CompletableFuture<Void> eventStream(String path, Sink sink) {
        return eventStream(path, "", sink);
    }

    /** With extra header lines ({@code "Cookie: a=b\r\n"}), for streams that need a cookie. */
    CompletableFuture<Void> eventStream(String path, String headers, Sink sink) {
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/event-stream\r\n" + headers + "\r\n";
        return open(new Connection(request, 200, false, sink));
    }

    private CompletableFuture<Void> open(Connection connection) {
        toOpen.add(connection);
        selector.wakeup();
        return connection.opened;
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            loop.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }

    private void run() {
        try {
            while (running) {
                // select(action) rather than selectedKeys(): that set's iterator and clear() walk
                // its whole hash table, which costs more than the reads when few keys are ready.
                selector.select(this::ready);
                for (Connection c; (c = toOpen.poll()) != null; ) {
                    c.connect();
                }
            }
        } catch (IOException e) {
            ending.accept("subscriber loop failed: " + e);
        }
    }

    private void ready(SelectionKey key) {
        Connection c = (Connection) key.attachment();
        try {
            if (key.isConnectable()) {
                c.finishConnect(key);
            } else if (key.isReadable()) {
                c.read(key);
            }
        } catch (IOException | RuntimeException e) {
            c.fail(key, e);
        }
    }

    /** One connection: its handshake, then its frames or its event stream. */
    private final class Connection {
        final String request;
        final int expectedStatus;
        final boolean webSocket;
        final Sink sink;
        final CompletableFuture<Void> opened = new CompletableFuture<>();
        SocketChannel channel;
        /** Bytes received but not yet consumed. */
        byte[] pending = new byte[4096];
        int length;
        boolean headDone;
        /** SSE: bytes left in the current chunk, or -1 while a chunk-size line is awaited. */
        int chunkLeft = -1;
        /** SSE: the event-stream line being assembled across chunks. */
        byte[] line = new byte[512];
        int lineLength;

        Connection(String request, int expectedStatus, boolean webSocket, Sink sink) {
            this.request = request;
            this.expectedStatus = expectedStatus;
            this.webSocket = webSocket;
            this.sink = sink;
        }

        void connect() {
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                if (channel.connect(server)) {
                    channel.register(selector, SelectionKey.OP_READ, this);
                    sendRequest();
                } else {
                    channel.register(selector, SelectionKey.OP_CONNECT, this);
                }
            } catch (IOException e) {
                opened.completeExceptionally(e);
            }
        }

        void finishConnect(SelectionKey key) throws IOException {
            channel.finishConnect();
            key.interestOps(SelectionKey.OP_READ);
            sendRequest();
        }

        void sendRequest() throws IOException {
            writeFully(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        }

        /** Small writes (a request, a pong) go out whole on a fresh loopback socket; spin if not. */
        void writeFully(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                if (channel.write(bytes) == 0) {
                    Thread.onSpinWait();
                }
            }
        }

        void read(SelectionKey key) throws IOException {
            readBuffer.clear();
            int n = channel.read(readBuffer);
            if (n < 0) {
                fail(key, null);
                return;
            }
            readBuffer.flip();
            if (length + n > pending.length) {
                pending = java.util.Arrays.copyOf(pending, Math.max(pending.length * 2, length + n));
            }
            readBuffer.get(pending, length, n);
            length += n;
            int consumed = 0;
            if (!headDone) {
                int end = headEnd();
                if (end < 0) {
                    return;
                }
                String head = new String(pending, 0, end, StandardCharsets.ISO_8859_1);
                int status = Integer.parseInt(head.substring(9, 12));
                if (status != expectedStatus) {
                    opened.completeExceptionally(new IOException("answered " + head.lines().findFirst().orElse("")));
                    key.cancel();
                    channel.close();
                    return;
                }
                headDone = true;
                consumed = end + 4;
                opened.complete(null);
            }
            consumed = webSocket ? frames(key, consumed) : chunks(consumed);
            System.arraycopy(pending, consumed, pending, 0, length - consumed);
            length -= consumed;
        }

        int headEnd() {
            for (int i = 3; i < length; i++) {
                if (pending[i] == '\n' && pending[i - 1] == '\r' && pending[i - 2] == '\n' && pending[i - 3] == '\r') {
                    return i - 3;
                }
            }
            return -1;
        }

        /** Consumes whole frames from {@code at}; returns where the first incomplete one starts. */
        int frames(SelectionKey key, int at) throws IOException {
            while (length - at >= 2) {
                int opcode = pending[at] & 0x0f;
                int len = pending[at + 1] & 0x7f;
                int header = 2;
                if (len == 126) {
                    if (length - at < 4) {
                        break;
                    }
                    len = ((pending[at + 2] & 0xff) << 8) | (pending[at + 3] & 0xff);
                    header = 4;
                } else if (len == 127) {
                    if (length - at < 10) {
                        break;
                    }
                    len = (int) ByteBuffer.wrap(pending, at + 2, 8).getLong();
                    header = 10;
                }
                if (length - at < header + len) {
                    break;
                }
                int from = at + header;
                switch (opcode) {
                    case 0x1 -> sink.received(pending, from, from + len); // the server never fragments these
                    case 0x8 -> {
                        int code = len >= 2 ? ((pending[from] & 0xff) << 8) | (pending[from + 1] & 0xff) : 1005;
                        String reason = len > 2 ? new String(pending, from + 2, len - 2, StandardCharsets.UTF_8) : "";
                        ending.accept("WebSocket subscriber closed: " + code + " " + reason);
                        key.cancel();
                        channel.close();
                        return at + header + len;
                    }
                    case 0x9 -> pong(from, len);
                    default -> { } // pong or binary: not part of the benchmark
                }
                at = from + len;
            }
            return at;
        }

        /** A client's frames are masked (RFC 6455 section 5.3); the app's own encoder makes the pong. */
        void pong(int from, int len) throws IOException {
            byte[] payload = java.util.Arrays.copyOfRange(pending, from, from + len);
            byte[] maskKey = new byte[4];
            ThreadLocalRandom.current().nextBytes(maskKey);
            writeFully(ByteBuffer.wrap(FrameEncoder.encode(true, FrameEncoder.PONG, payload, maskKey)));
        }

        /** Decodes chunked transfer coding from {@code at} and feeds the stream's lines on. */
        int chunks(int at) {
            while (at < length) {
                if (chunkLeft < 0) {
                    int lineEnd = indexOf('\n', at);
                    if (lineEnd < 0) {
                        break;
                    }
                    String size = new String(pending, at, lineEnd - at, StandardCharsets.US_ASCII).strip();
                    at = lineEnd + 1;
                    if (size.isEmpty()) {
                        continue; // the CRLF after a chunk's data
                    }
                    chunkLeft = Integer.parseInt(size.split(";", 2)[0], 16);
                    if (chunkLeft == 0) {
                        ending.accept("event stream ended by the server");
                        chunkLeft = -1;
                    }
                } else {
                    int take = Math.min(chunkLeft, length - at);
                    for (int i = at; i < at + take; i++) {
                        streamByte(pending[i]);
                    }
                    at += take;
                    chunkLeft -= take;
                    if (chunkLeft == 0) {
                        chunkLeft = -1;
                    }
                }
            }
            return at;
        }

        void streamByte(byte b) {
            if (b == '\n') {
                if (lineLength > 6 && line[0] == 'd' && line[4] == ':') {
                    sink.received(line, 5, lineLength);
                }
                lineLength = 0;
            } else {
                if (lineLength == line.length) {
                    line = java.util.Arrays.copyOf(line, lineLength * 2);
                }
                line[lineLength++] = b;
            }
        }

        int indexOf(char c, int from) {
            for (int i = from; i < length; i++) {
                if (pending[i] == c) {
                    return i;
                }
            }
            return -1;
        }

        void fail(SelectionKey key, Exception error) {
            key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            if (!opened.isDone()) {
                opened.completeExceptionally(error != null ? error : new IOException("closed during the handshake"));
            } else {
                ending.accept((webSocket ? "WebSocket" : "event stream") + " subscriber "
                        + (error == null ? "connection closed by the server" : "failed: " + error));
            }
        }
    }
}
