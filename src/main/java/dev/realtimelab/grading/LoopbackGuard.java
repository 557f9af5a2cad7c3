package dev.realtimelab.grading;

import dev.realtimelab.security.OriginPolicy;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Who may compile, grade and change exercise files: only a client on this machine (the
 * loopback interface), and only from the course's own pages. In workshop mode the app listens
 * on the room's network; attendees may read, but never make the instructor's laptop compile
 * or write. A foreign {@code Origin} is refused too: another site open in the learner's browser
 * could otherwise post to localhost (cross-site request forgery).
 */
public final class LoopbackGuard {
    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?$");

    private final OriginPolicy origins;

    public LoopbackGuard(OriginPolicy origins) {
        this.origins = origins;
    }

    /**
     * Why this request must be refused, or null when it may go ahead. {@code origin} is the
     * Origin header (null when absent: command-line clients send none).
     */
    public String refusal(String remoteAddress, String origin, String scheme, int localPort) {
        if (!isLoopback(remoteAddress)) {
            return "Refused: checking, hints, solutions and resets work only on the computer that runs the course"
                    + " (this request came from " + remoteAddress + "). Open the course there, at http://localhost:" + localPort + ".";
        }
        if (origin != null && !origins.allows(origin, scheme, localPort)) {
            return "Refused: this request came from a page of " + origin + ", not from the course itself;"
                    + " only the course's own pages may grade or change exercise files.";
        }
        return null;
    }

    /** True for 127.0.0.0/8 and ::1 (also IPv4-mapped). Literal addresses only: no DNS lookup. */
    public static boolean isLoopback(String address) {
        if (address == null) {
            return false;
        }
        String literal = address.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        if (!IPV4.matcher(literal).matches() && !IPV6.matcher(literal).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Answers 403 with the reason and returns false when the request is refused. */
    public boolean admit(Context ctx) {
        String reason = refusal(ctx.req().getRemoteAddr(), ctx.header("Origin"), ctx.scheme(), ctx.req().getLocalPort());
        if (reason == null) {
            return true;
        }
        ctx.status(403).json(Map.of("error", reason));
        return false;
    }
}
