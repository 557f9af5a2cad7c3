package dev.realtimelab.live;

import dev.realtimelab.TestApp;
import dev.realtimelab.testkit.RawHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Raw-socket clients of the room endpoints (the real ones are in the testkit). */
final class RoomTestClients {
    private RoomTestClients() {}

    /**
     * A client that asks for {@code path} and then never reads a byte: its tiny receive window
     * fills, then the server's socket buffer, then the member's queue in the hub.
     */
    static Socket neverReading(TestApp app, String path, boolean webSocket) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("localhost", app.port()), 5000);
        String head = webSocket ? RawHttp.handshake(app.port(), path, app.url(""))
                : "GET " + path + " HTTP/1.1\r\nHost: localhost:" + app.port() + "\r\nAccept: text/event-stream\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }
}
