package dev.realtimelab.security;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.IntFunction;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Jetty answers itself, before any route runs: a malformed request line or header, a bad
 * escape in the path, headers or a body over the limits, a request refused by a per-address cap.
 * Jetty's own page would show the exception, echo the URI and carry no security header; this one
 * is the course's page for the status, with the app's security headers, and one log line.
 */
final class ErrorPages extends ErrorHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorPages.class);

    private final Map<String, String> headers;
    private final IntFunction<String> page;
    private final SecurityEvents events;

    /** {@code page}: the HTML for a status; {@code headers}: the security headers every response carries. */
    ErrorPages(Map<String, String> headers, IntFunction<String> page, SecurityEvents events) {
        this.headers = Map.copyOf(headers);
        this.page = page;
        this.events = events;
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        log(request, code, cause);
        headers.forEach((name, value) -> response.getHeaders().put(name, value));
        byte[] body;
        try {
            body = page.apply(code).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            body = ("<!DOCTYPE html><title>" + code + "</title><p>The server could not answer this request (" + code + ").")
                    .getBytes(StandardCharsets.UTF_8);
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html;charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, "HEAD".equals(request.getMethod()) ? null : ByteBuffer.wrap(body), callback);
    }

    /** One line: the status and a fixed reason, never Jetty's message (it may quote the request). */
    private void log(Request request, int code, Throwable cause) {
        if (request.getAttribute(SecurityEvents.LOGGED) != null || code == 404 || code == 405) {
            return;
        }
        String path = request.getHttpURI() == null ? "-" : request.getHttpURI().getPath();
        String address = ClientAddress.normalize(Request.getRemoteAddr(request));
        if (code >= 500) {
            LOG.warn("{} answered {} at {} ({})", address, code, SecurityEvents.bounded(path, SecurityEvents.PATH_CHARS),
                    cause == null ? "no exception" : cause.getClass().getSimpleName());
            return;
        }
        events.record(code, path, address, switch (code) {
            case 400 -> "malformed request";
            case 408 -> "request too slow";
            case 413 -> "request body over the limit";
            case 414 -> "request line too long";
            case 431 -> "request headers too large";
            default -> "refused by the server";
        });
    }
}
