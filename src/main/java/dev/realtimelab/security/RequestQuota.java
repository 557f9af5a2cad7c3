package dev.realtimelab.security;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Per client address, in front of every HTTP request: how many requests it has in progress (an
 * event stream is a request that lasts), how many of them send a body (each holds a worker thread
 * while the body arrives), and for an event stream that joins a room, the {@link RoomQuota}. Over
 * a cap the request gets 429 at once, so one address cannot take every stream, thread or room the
 * others need. WebSocket handshakes pass: {@link ConnectionCaps} and the room quota count sockets.
 */
final class RequestQuota extends Handler.Wrapper {
    private final SecuritySettings.PerAddress caps;
    private final RoomQuota rooms;
    private final SecurityEvents events;
    private final AddressCounter requests = new AddressCounter();
    private final AddressCounter uploads = new AddressCounter();

    RequestQuota(SecuritySettings.PerAddress caps, RoomQuota rooms, SecurityEvents events) {
        this.caps = caps;
        this.rooms = rooms;
        this.events = events;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.getHeaders().contains(HttpHeader.SEC_WEBSOCKET_VERSION)) {
            return super.handle(request, response, callback);
        }
        String address = ClientAddress.normalize(Request.getRemoteAddr(request));
        String path = Request.getPathInContext(request);
        boolean body = request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        String room = "GET".equals(request.getMethod()) ? RoomQuota.roomOf(path) : null;

        List<Runnable> held = new ArrayList<>(3);
        String refusal = null;
        if (!requests.tryAcquire(address, caps.requests())) {
            refusal = "too many requests in progress from your address: at most " + caps.requests() + " at once";
        } else {
            held.add(() -> requests.release(address));
            if (body && !uploads.tryAcquire(address, caps.uploads())) {
                refusal = "too many uploads in progress from your address: at most " + caps.uploads() + " at once";
            } else if (body) {
                held.add(() -> uploads.release(address));
            }
            if (refusal == null && room != null && !rooms.enter(address, room)) {
                refusal = rooms.reason();
            } else if (room != null && refusal == null) {
                held.add(() -> rooms.leave(address, room));
            }
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                held.forEach(Runnable::run);
            }
        };
        if (refusal != null) {
            release.run();
            events.record(429, path, address, refusal);
            request.setAttribute(SecurityEvents.LOGGED, Boolean.TRUE);
            Response.writeError(request, response, callback, 429, refusal);
            return true;
        }
        Request.addCompletionListener(request, failure -> release.run());
        try {
            if (super.handle(request, response, callback)) {
                return true;
            }
        } catch (Throwable t) {
            release.run();
            throw t;
        }
        release.run();
        return false;
    }

    /** Requests in progress now, over all addresses (the health check after a storm reads it). */
    int inProgress() {
        return requests.total();
    }
}
