package dev.realtimelab.workshop;

/**
 * The instructor's key. The app prints a login link holding a one-time token; the first visit
 * (from the instructor's own machine: RequestGuards answers /workshop/login on loopback only)
 * spends it and gets the key in an HttpOnly, SameSite=Strict cookie, so the key never shows in
 * an address bar, a history, a log line or a page. A spent or wrong link prints a fresh one in
 * the terminal, where only the instructor reads it.
 */
final class InstructorLogin {
    private final String key = Roster.randomToken();
    private String token = Roster.randomToken();

    synchronized String token() {
        return token;
    }

    /** The key when {@code offered} is the current one-time token (which is then spent), else null. */
    synchronized String spend(String offered) {
        if (offered == null || token == null || !Roster.sameSecret(offered, token)) {
            return null;
        }
        token = null;
        return key;
    }

    /** A new one-time token, for a terminal line after a spent or wrong link. */
    synchronized String renew() {
        token = Roster.randomToken();
        return token;
    }

    boolean isKey(String cookie) {
        return cookie != null && Roster.sameSecret(cookie, key);
    }
}
