package dev.realtimelab.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bytes on a plain socket, for what java.net.http will not do: a forged Host header, a frame
 * written by hand, a client that never answers a ping or never reads, a look at the raw head.
 * The tests' one raw client; {@link TestSocket} and {@link TestEventStream} are the polite ones.
 */
public final class RawHttp {
    /** RFC 6455's example key (section 1.3): its accept value is {@code s3pPLMBiTxaQ9kYGzzhZRbK+xOo=}. */
    public static final String RFC_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^Content-Length: *(\\d+)");

    private RawHttp() {}

    /** A socket to the app on loopback from the source address {@code from} (127.0.0.0/8 plays several clients). */
    public static Socket connect(String from, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Sends {@code request} as it is and returns the status line, headers and body (if it has a length). */
    public static String exchange(int port, String request) throws IOException {
        try (Socket socket = connect("127.0.0.1", port)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String head = head(socket.getInputStream());
            Matcher length = CONTENT_LENGTH.matcher(head);
            if (length.find()) {
                head += new String(socket.getInputStream().readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
            } else if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                head += new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // the server closes after a refusal
            }
            return head;
        }
    }

    /** A WebSocket handshake request for {@code target}, by hand; {@code origin} null sends none. */
    public static String handshake(int port, String target, String origin) {
        return "GET " + target + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + RFC_KEY + "\r\nSec-WebSocket-Version: 13\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
    }

    /** A WebSocket to {@code path} from the app's own origin, past its 101 (asserted): frames come next. */
    public static Socket upgrade(TestApp app, String path) throws IOException {
        Socket socket = connect("127.0.0.1", app.port());
        socket.getOutputStream().write(handshake(app.port(), path, app.url("")).getBytes(StandardCharsets.ISO_8859_1));
        String head = head(socket.getInputStream());
        assertTrue(head.startsWith("HTTP/1.1 101 "), head);
        return socket;
    }

    public static int status(String head) {
        return Integer.parseInt(head.split(" ", 3)[1]);
    }

    /** The status line and headers, up to and with the blank line; read byte by byte so no frame is consumed. */
    public static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while (head.indexOf("\r\n\r\n") < 0 && (b = in.read()) != -1) {
            head.append((char) b);
        }
        return head.toString();
    }

    /** One short frame (payload up to 125 bytes) as the server sent it: its two header bytes, then the payload. */
    public static byte[] readShortFrame(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        int b0 = in.read();
        int b1 = in.read();
        assertTrue(b0 >= 0 && b1 >= 0, "the connection ended");
        assertEquals(0, b1 & 0x80, "a server never masks");
        assertTrue((b1 & 0x7f) <= 125, "short frames only here");
        byte[] frame = new byte[2 + (b1 & 0x7f)];
        frame[0] = (byte) b0;
        frame[1] = (byte) b1;
        int read = in.readNBytes(frame, 2, frame.length - 2);
        assertEquals(frame.length - 2, read, "the frame was cut short");
        return frame;
    }

    /**
     * A masked client frame header announcing {@code length} bytes of payload (in the 64-bit form),
     * then only the first payload byte: what a receiver does with the length alone shows.
     */
    public static byte[] frameAnnouncing(int opcode, long length) {
        ByteBuffer frame = ByteBuffer.allocate(15);
        frame.put((byte) (0x80 | opcode));
        frame.put((byte) (0x80 | 127));
        frame.putLong(length);
        frame.put(new byte[] {1, 2, 3, 4});
        frame.put((byte) ('x' ^ 1));
        return frame.array();
    }

    /** Reads frames until the close frame and returns its code (1005 for none given, -1 if the connection just ended). */
    public static int closeCode(InputStream in) throws IOException {
        while (true) {
            int first = in.read();
            int second = in.read();
            if (first < 0 || second < 0) {
                return -1;
            }
            long length = second & 0x7f;
            if (length == 126) {
                length = (in.read() << 8) | in.read();
            } else if (length == 127) {
                length = ByteBuffer.wrap(in.readNBytes(8)).getLong();
            }
            byte[] payload = in.readNBytes((int) length);
            if ((first & 0x0f) == 0x8) {
                return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
            }
        }
    }

    /**
     * Opens a WebSocket by hand, sends one masked text frame whose payload is {@code payload}
     * (any bytes, valid UTF-8 or not) and returns the close code the server answers with.
     */
    public static int closeCodeAfterTextFrame(int port, String path, String origin, byte[] payload) throws IOException {
        try (Socket socket = connect("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(handshake(port, path, origin).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = head(in);
            if (status(head) != 101) {
                throw new AssertionError("handshake refused: " + head);
            }
            byte[] mask = {0x37, (byte) 0xfa, 0x21, 0x3d};
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(0x81); // FIN, text
            frame.write(0x80 | payload.length); // masked, short length
            frame.write(mask);
            for (int i = 0; i < payload.length; i++) {
                frame.write(payload[i] ^ mask[i % 4]);
            }
            out.write(frame.toByteArray());
            out.flush();
            int code = closeCode(in);
            if (code < 0) {
                throw new AssertionError("connection ended without a close frame");
            }
            return code;
        }
    }
}
