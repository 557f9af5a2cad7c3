package dev.realtimelab.security;

import dev.realtimelab.shared.Limits;
import dev.realtimelab.testkit.RawHttp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hostile inputs by class, generated (a fixed list, no randomness: a failure names its input),
 * and a raw-socket client that plays any client address of 127.0.0.0/8. Used by
 * {@link HostileInputTest} and by the figures of {@code bench.HostileInputReport}.
 */
public final class HostileInputs {
    /** What came back: a status (or -1 when the server closed without answering), the head and the body. */
    public record Answer(int status, String head, String body) {
        boolean closedWithoutAnswer() {
            return status < 0;
        }

        String header(String name) {
            Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ":\\s*(.*?)\\s*$").matcher(head);
            return m.find() ? m.group(1) : null;
        }
    }

    /** One input: what it is (for messages), the bytes to send, and the statuses it may get. */
    public record Input(String name, byte[] bytes, List<Integer> allowed, boolean hangUp) {
        Input(String name, byte[] bytes, List<Integer> allowed) {
            this(name, bytes, allowed, false);
        }
    }

    /** Names of the app's internals that must never reach a client. */
    static final Pattern INTERNALS = Pattern.compile(
            "Exception|\\tat |\\bat (java|org|io|dev)\\.|org\\.eclipse|io\\.javalin|java\\.lang|dev\\.realtimelab|URLDecoder|HTTP ERROR");

    static final String[] BAD_ESCAPES = {
        "%u0041", "%uD800", "%u", "%", "%%", "%zz", "%4", "%g0", "%C3", "%E2%82", "%F0%9F%98", "%-1", "%+5", "% 20",
        "%u00e9x", "abc%", "%%41", "%\u00e9"};

    /** Paths whose last segment is a route parameter or a file, as the issue found them. */
    static final String[] ESCAPE_ROUTES = {
        "/lessons/", "/sse/room/", "/exercises/%s/state", "/lessons/assets/", "/", "/css/", "/sse/clock/", "/search/"};

    /** Routes that take a POST; some never read the body (the item 7). */
    static final String[] WRITE_ROUTES = {
        "/sse/room/hostile", "/labs/login", "/labs/logout", "/labs/auth/ticket", "/sse/resume/drop",
        "/exercises/no-such-exercise/reset", "/exercises/no-such-exercise/check", "/no/such/route"};

    private HostileInputs() {}

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    // region classes
    /** Bad %-escapes in paths and query strings, on pages and on handshakes from a foreign Origin. */
    public static List<Input> badEscapes(int port) {
        List<Input> inputs = new ArrayList<>();
        for (String escape : BAD_ESCAPES) {
            String segment = escape.replace(" ", "%20x").replace("\u00e9", "%C3%A9%");
            for (String route : ESCAPE_ROUTES) {
                String path = route.contains("%s") ? String.format(route, segment) : route + segment;
                inputs.add(new Input("GET " + path, ascii("GET " + path + " HTTP/1.1\r\nHost: localhost:" + port
                        + "\r\nConnection: close\r\n\r\n"), List.of(400, 404)));
            }
            String query = "/search?q=" + segment;
            inputs.add(new Input("GET " + query, ascii("GET " + query + " HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nConnection: close\r\n\r\n"), List.of(400, 200)));
            for (String socket : new String[] {"/ws/room/", "/ws/echo?name=", "/ws/room/x?name="}) {
                inputs.add(new Input("handshake " + socket + segment + " from a foreign Origin",
                        ascii(RawHttp.handshake(port, socket + segment, "http://evil.example")), List.of(400, 403)));
                inputs.add(new Input("handshake " + socket + segment + " from the app's Origin",
                        ascii(RawHttp.handshake(port, socket + segment, "http://localhost:" + port)), List.of(400, 101)));
            }
        }
        return inputs;
    }

    /** Chunked bodies that are not valid chunked encoding, or end early. */
    public static List<Input> malformedBodies(int port) {
        String[] bodies = {
            "zz\r\nhello\r\n0\r\n\r\n", "-5\r\nhello\r\n0\r\n\r\n", "0x5\r\nhello\r\n0\r\n\r\n", "5\r\nhelloEXTRA\r\n0\r\n\r\n",
            "5\r\nhel", "FFFFFFFFFFFFFFFFFFFF\r\nx\r\n0\r\n\r\n", "7FFFFFFFFFFFFFFF\r\nx", "5 5\r\nhello\r\n0\r\n\r\n",
            "\r\n\r\n", "5\r\nhello", "5\r\nhello\r\n", "5\r\nhelloXY0\r\n\r\n", "g\r\n", "5\r\nhello\r\nzz\r\n",
            "\u0000\r\n", "5;\u0001=1\r\nhello\r\n0\r\n\r\n", "1\r\n\u00ff\r\n0\r\nBad Trailer\r\n\r\n", "+5\r\nhello\r\n0\r\n\r\n",
            " \r\nhello\r\n0\r\n\r\n", "5\rhello\r0\r\r"};
        List<Input> inputs = new ArrayList<>();
        for (String route : WRITE_ROUTES) {
            for (String body : bodies) {
                inputs.add(new Input("POST " + route + " chunked " + body.replace("\r\n", "\\r\\n"),
                        ascii("POST " + route + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nContent-Type: text/plain\r\n"
                                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + body),
                        List.of(400, 408, 413, -1), true));
            }
            // A declared length the client never sends in full, then hangs up (counted as: server answers or closes).
            inputs.add(new Input("POST " + route + " cut short", ascii("POST " + route + " HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\nConnection: close\r\n\r\nabc"), List.of(400, 408, -1), true));
        }
        return inputs;
    }

    /** Header sizes of the body-too-large class: declared over the limit, and chunked over it. */
    public static final int[] OVERSIZED = {64 * 1024 + 1, 64 * 1024 + 2, 70_000, 100_000, 128 * 1024, 200_000, 256 * 1024,
        500_000, 1024 * 1024, 4 * 1024 * 1024};

    /** Request heads (the body follows, of {@code size} bytes) for every write route, declared and chunked. */
    public static List<Input> oversizedBodies(int port) {
        List<Input> inputs = new ArrayList<>();
        for (String route : WRITE_ROUTES) {
            for (int size : OVERSIZED) {
                for (boolean chunked : new boolean[] {false, true}) {
                    String head = "POST " + route + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nContent-Type: text/plain\r\n"
                            + (chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + size) + "\r\nConnection: close\r\n\r\n";
                    inputs.add(new Input("POST " + route + (chunked ? " chunked " : " declared ") + size,
                            oversizedRequest(head, size, chunked), List.of(413)));
                }
            }
        }
        return inputs;
    }

    private static byte[] oversizedRequest(String head, int size, boolean chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 1024);
        out.writeBytes(ascii(head));
        byte[] piece = new byte[8192];
        java.util.Arrays.fill(piece, (byte) 'a');
        for (int sent = 0; sent < size; sent += piece.length) {
            int n = Math.min(piece.length, size - sent);
            if (chunked) {
                out.writeBytes(ascii(Integer.toHexString(n) + "\r\n"));
            }
            out.write(piece, 0, n);
            if (chunked) {
                out.writeBytes(ascii("\r\n"));
            }
        }
        if (chunked) {
            out.writeBytes(ascii("0\r\n\r\n"));
        }
        return out.toByteArray();
    }

    /** Host headers that are malformed, foreign or huge, on pages and handshakes. */
    public static List<Input> badHosts(int port) {
        String[] hosts = {
            "[::1", "evil\u0001.example", "localhost:99999", "localhost:-1", "local host", "", "[zz::1]:" + port,
            "rebind.evil.example:" + port, "127.0.0.1.evil.example", "localhost:" + port + "@evil", "x".repeat(300),
            "huge-host-" + "y".repeat(3000), "localhost:" + port + "/path", "\u00ff\u00fe", "[::1]]:" + port, "%41%42"};
        List<Input> inputs = new ArrayList<>();
        for (String host : hosts) {
            for (String target : new String[] {"/", "/lessons/event-stream", "/sse/room/x", "/search?q=SECRET", "/labs/me"}) {
                inputs.add(new Input("Host " + host.substring(0, Math.min(20, host.length())) + " " + target,
                        ascii("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"), List.of(400, 421)));
            }
            inputs.add(new Input("handshake with Host " + host.substring(0, Math.min(20, host.length())),
                    ascii(RawHttp.handshake(port, "/ws/echo", "http://localhost:" + port).replace("Host: localhost:" + port, "Host: " + host)),
                    List.of(400, 421)));
        }
        inputs.add(new Input("two Host headers", ascii("GET / HTTP/1.1\r\nHost: localhost:" + port + "\r\nHost: evil\r\n"
                + "Connection: close\r\n\r\n"), List.of(400, 421)));
        inputs.add(new Input("no Host header", ascii("GET / HTTP/1.1\r\nConnection: close\r\n\r\n"), List.of(400)));
        // The 431: a ticket and 8 KB in the query string of a handshake.
        inputs.add(new Input("431 with a ticket", ascii(RawHttp.handshake(port, "/labs/auth/socket?ticket=SECRET-TICKET&pad=" + "p".repeat(8000), "http://localhost:" + port).replace("\r\n\r\n", "\r\nX-Pad: " + "q".repeat(4000) + "\r\n\r\n")),
                List.of(414, 431)));
        return inputs;
    }

    /** Frame lengths over the 64 KiB message limit, each announced by a frame header with one byte of payload. */
    public static List<Long> oversizedFrameLengths() {
        List<Long> lengths = new ArrayList<>();
        for (long n = Limits.MAX_FRAME_BYTES + 1; n <= 1024 * 1024; n += 10_000) {
            lengths.add(n);
        }
        lengths.add(1024L * 1024);
        lengths.add(Integer.MAX_VALUE + 1L);
        lengths.add(1L << 40);
        lengths.add(Long.MAX_VALUE);
        return lengths;
    }
    // endregion

    // region client
    /** Opens a TCP connection from {@code from} (an address of 127.0.0.0/8) to the app. */
    /**
     * Sends {@code request} from {@code from} and reads the answer. A large request is sent in
     * pieces and stops as soon as the server answers (it may refuse before reading it all).
     */
    public static Answer exchange(String from, int port, byte[] request) throws IOException {
        return exchange(from, port, request, false);
    }

    /** With {@code hangUp}, the client ends its side once sent: a body it cut short stays short. */
    public static Answer exchange(String from, int port, byte[] request, boolean hangUp) throws IOException {
        try (Socket socket = RawHttp.connect(from, port)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            try {
                for (int sent = 0; sent < request.length; sent += 16 * 1024) {
                    out.write(request, sent, Math.min(16 * 1024, request.length - sent));
                    if (in.available() > 0) {
                        break;
                    }
                }
                out.flush();
                if (hangUp) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // the server answered and closed while we were still sending: read what it said
            }
            return read(in);
        }
    }

    /** Reads one answer: the head, then the body by its Content-Length (or to the end). */
    public static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1) {
                head.write(b);
                byte[] h = head.toByteArray();
                int n = h.length;
                if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // nothing more came (or the connection was reset)
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.1 ")) {
            return new Answer(-1, text, "");
        }
        int status = Integer.parseInt(text.substring(9, 12));
        Matcher length = Pattern.compile("(?im)^Content-Length:\\s*(\\d+)").matcher(text);
        String body = "";
        try {
            if (length.find()) {
                body = new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
            } else if (status != 101 && text.toLowerCase(Locale.ROOT).contains("connection: close")) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // a partial body: what was read is checked
        }
        return new Answer(status, text, body);
    }

    /** A masked client frame header announcing {@code length} bytes of text, with one byte of it. */

    // endregion
}
