package dev.realtimelab.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Bytes on a plain socket, for what java.net.http will not send: a forged Host header, or a
 * WebSocket text frame that is not valid UTF-8.
 */
public final class RawHttp {
    private RawHttp() {}

    /** Sends {@code request} as it is and returns the status line, headers and body (if it has a length). */
    public static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String head = head(socket.getInputStream());
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?im)^Content-Length: *(\\d+)").matcher(head);
            if (length.find()) {
                head += new String(socket.getInputStream().readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
            } else if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                head += new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // the server closes after a refusal
            }
            return head;
        }
    }

    /** A WebSocket handshake request for {@code path}, by hand. */
    static String handshake(int port, String path, String origin) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: " + origin + "\r\n\r\n";
    }

    public static int status(String head) {
        return Integer.parseInt(head.split(" ", 3)[1]);
    }

    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while (head.indexOf("\r\n\r\n") < 0 && (b = in.read()) != -1) {
            head.append((char) b);
        }
        return head.toString();
    }

    /**
     * Opens a WebSocket by hand, sends one masked text frame whose payload is {@code payload}
     * (any bytes, valid UTF-8 or not) and returns the close code the server answers with.
     */
    static int closeCodeAfterTextFrame(int port, String path, String origin, byte[] payload) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            byte[] key = new byte[16];
            new SecureRandom().nextBytes(key);
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n"
                    + "Origin: " + origin + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
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
            while (true) { // skip frames until the close frame
                int first = in.read();
                int length = in.read() & 0x7f;
                if (first < 0) {
                    throw new AssertionError("connection ended without a close frame");
                }
                if (length == 126) {
                    length = (in.read() << 8) | in.read();
                }
                byte[] body = in.readNBytes(length);
                if ((first & 0x0f) == 0x8) {
                    return ((body[0] & 0xff) << 8) | (body[1] & 0xff);
                }
            }
        }
    }
}
