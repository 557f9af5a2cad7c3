package dev.realtimelab.security.lab;

/**
 * The only endpoints of the app that skip a protection, on purpose, so a lab can show the attack
 * working. They live under /labs/, which answers only on the loopback interface, and the
 * checklist tests prove every other endpoint keeps every protection.
 */
public final class DeliberatelyVulnerable {
    /** Lab 09: a WebSocket that serves the logged-in user's secret to any Origin. */
    public static final String HIJACK_UNCHECKED = "/labs/hijack/unchecked";
    /** Lab 11: a WebSocket with no rate limit, no connection cap and a 1 MiB message limit. */
    public static final String ABUSE_UNPROTECTED = "/labs/abuse/unprotected";

    private DeliberatelyVulnerable() {}

    public static boolean skipsOriginCheck(String path) {
        return HIJACK_UNCHECKED.equals(path);
    }

    public static boolean skipsLimits(String path) {
        return ABUSE_UNPROTECTED.equals(path);
    }
}
