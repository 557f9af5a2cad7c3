package dev.realtimelab.security;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import jakarta.servlet.http.HttpSession;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.eclipse.jetty.http.HttpException;

/**
 * Checks in front of every HTTP request and every WebSocket handshake, before any route runs:
 * the {@code Host} is one this app serves (DNS rebinding), the labs and the grader's actions
 * answer only on loopback, a browser on another origin cannot make the app change anything
 * (cross-site request forgery), the query string can be decoded, and a request body is read
 * whole, within its size limit, before any route sees it.
 */
public final class RequestGuards {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final OriginPolicy origins;
    private final long maxRequestBytes;
    private final SecurityEvents events;

    public RequestGuards(OriginPolicy origins, long maxRequestBytes, SecurityEvents events) {
        this.origins = origins;
        this.maxRequestBytes = maxRequestBytes;
        this.events = events;
    }

    /** For {@code before}: every HTTP request. */
    public void request(Context ctx) {
        host(ctx);
        loopbackOnly(ctx);
        queryEscapes(ctx);
        body(ctx);
        crossSite(ctx);
    }

    /** For {@code wsBeforeUpgrade}: every handshake, after the Origin check. */
    public void handshake(Context ctx) {
        host(ctx);
        loopbackOnly(ctx);
        queryEscapes(ctx);
    }

    /**
     * Javalin's decoder throws on a % not followed by two hex digits, and Jetty's (a handshake's
     * query) on escapes that are not UTF-8: both were a 500 with a stack trace. Refused here first.
     */
    void queryEscapes(Context ctx) {
        String query = ctx.queryString();
        if (query != null && !decodesAsUtf8(query)) {
            throw events.refuse(ctx, 400, "bad escape in the query string: each % needs two hex digits, and the bytes must be UTF-8");
        }
    }

    static boolean decodesAsUtf8(String query) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(query.length());
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '%') {
                int high = i + 2 < query.length() ? Character.digit(query.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(query.charAt(i + 2), 16);
                if (low < 0) {
                    return false;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    // region handshake-session
    /**
     * Javalin 7 calls {@code getSession()} on every upgrade request, so each handshake, refused
     * or not, would leave behind a server-side HTTP session that never expires (Jetty's default)
     * and a JSESSIONID cookie: a loop of handshakes would fill the memory. A session made for
     * this very handshake is dropped at once; an existing one is left alone.
     */
    static void discardSessionMadeForThisHandshake(Context ctx) {
        HttpSession session = ctx.req().getSession(false);
        if (session != null && session.isNew()) {
            session.invalidate();
            ctx.res().setHeader("Set-Cookie", null); // removes the JSESSIONID cookie it added
        }
    }
    // endregion

    // region host
    /**
     * A DNS-rebinding page runs on the attacker's name, which now resolves to 127.0.0.1: the
     * browser thinks it is same-origin with itself and sends its own name as {@code Host}.
     */
    void host(Context ctx) {
        String host = ctx.header("Host");
        if (host != null && !origins.allowsHost(host)) {
            throw events.refuse(ctx, 421, "this server does not answer for the host " + host + " (it serves " + origins.hosts() + ")");
        }
    }
    // endregion

    // region loopback
    /**
     * The labs' deliberately vulnerable endpoints, anything that compiles or writes files, and
     * everything the workshop's instructor does (logging in included).
     */
    static boolean isLoopbackOnly(String method, String path) {
        boolean lab = path.equals("/labs") || path.startsWith("/labs/");
        boolean exerciseAction = (path.equals("/exercises") || path.startsWith("/exercises/")) && !SAFE_METHODS.contains(method);
        boolean instructor = path.equals("/workshop/login") || path.equals("/workshop/instructor")
                || path.startsWith("/workshop/instructor/");
        // An attendee's own copy: what it shares with a workshop is the learner's to decide, on this machine.
        boolean workshopLink = path.equals("/workshop-link") || path.startsWith("/workshop-link/");
        boolean startsInstances = path.startsWith("/scaling/") && !SAFE_METHODS.contains(method);
        return lab || exerciseAction || instructor || workshopLink || startsInstances;
    }

    /** The workshop's endpoints: they hold an attendee's or the instructor's cookie. */
    static boolean isWorkshop(String path) {
        return path.equals("/workshop") || path.startsWith("/workshop/");
    }

    void loopbackOnly(Context ctx) {
        if (isLoopbackOnly(ctx.method().name(), ctx.path()) && !ClientAddress.isLoopback(ctx)) {
            String what = ctx.path().startsWith("/labs") ? "The security labs answer"
                    : ctx.path().startsWith("/workshop-link") ? "Joining and sharing with a workshop work"
                    : isWorkshop(ctx.path()) ? "The instructor's pages work"
                    : ctx.path().startsWith("/scaling/") ? "Starting and stopping instances works"
                    : "Checking, hints, solutions and resets work";
            throw events.refuse(ctx, 403, what + " only on the computer that runs the course (this request came from "
                    + ClientAddress.of(ctx) + "). Open the course there, at http://localhost:" + ctx.req().getLocalPort() + ".");
        }
    }
    // endregion

    // region cross-site
    /**
     * Browsers send {@code Origin} with every POST, PUT, PATCH and DELETE, and with a cross-origin
     * EventSource, so a request from a page on another origin (or from a sandboxed frame: "null")
     * shows itself. It is refused on every write, and on the public event streams; so is a write
     * that Sec-Fetch-Site marks as anything but same-origin. A request with no Origin at all comes
     * from a program, not a page, and carries nobody's browser cookies: it may use the public demo
     * endpoints, but not the labs or the grader, where a session or the learner's files are at stake.
     */
    void crossSite(Context ctx) {
        String method = ctx.method().name();
        boolean write = !SAFE_METHODS.contains(method);
        String origin = ctx.header("Origin");
        boolean foreignOrigin = origin != null && !origins.allows(ctx);
        if (foreignOrigin && (write || OriginPolicy.servesClientsWithoutOrigin(method, ctx.path()) || isWorkshop(ctx.path()))) {
            throw events.refuse(ctx, 403, "a page on another origin (" + origin + ") may not send " + method + " here");
        }
        if (origin != null && origins.isPeer(origin, ctx.scheme())) {
            // Lesson 13's second instance: the first one's page reads its event streams, which CORS must allow.
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Vary", "Origin");
        }
        if (!write) {
            return;
        }
        String site = ctx.header("Sec-Fetch-Site"); // same-site includes the labs' other port
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw events.refuse(ctx, 403, "a page on another site (Sec-Fetch-Site: " + site + ") may not send " + method + " here");
        }
        if (origin == null && !OriginPolicy.servesClientsWithoutOrigin(method, ctx.path())
                && (isLoopbackOnly(method, ctx.path()) || isWorkshop(ctx.path()))) {
            throw events.refuse(ctx, 403, method + " here needs the Origin header of one of this app's pages: "
                    + "the labs, the grader and the workshop answer only the course's own pages, not other programs");
        }
    }
    // endregion

    // region body-size
    /**
     * A body is read here, whole, before any route runs (Javalin keeps it for the route): one over
     * the limit gets 413 even where the route never reads it (Jetty's size limit stops the read at
     * 64 KiB, chunked or not), and one that is malformed or cut off gets 400, not a route's 500.
     */
    void body(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxRequestBytes) {
            throw events.refuse(ctx, 413, "request body too large: at most " + maxRequestBytes + " bytes");
        }
        if (declared <= 0 && ctx.header("Transfer-Encoding") == null) {
            return;
        }
        try {
            ctx.bodyAsBytes();
        } catch (HttpResponseException e) {
            throw events.refuse(ctx, e.getStatus(), "request body too large: at most " + maxRequestBytes + " bytes");
        } catch (Exception e) {
            int status = statusOf(e);
            ctx.header("Connection", "close"); // the rest of the connection cannot be read either
            throw events.refuse(ctx, status, status == 413 ? "request body too large: at most " + maxRequestBytes + " bytes"
                    : "malformed or incomplete request body");
        }
    }

    /** The HTTP status Jetty gave a failed read (413 over the size limit), or 400. */
    private static int statusOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                return http.getCode();
            }
        }
        return 400;
    }
    // endregion
}
