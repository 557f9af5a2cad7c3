package dev.realtimelab.security.lab;

import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.RequestLog;

/**
 * A real access log (Jetty's, in the common NCSA format that web servers and proxies write) for
 * the authentication lab's endpoints, written into the lab feed so the learner sees exactly the
 * line a server would store for a URL that carries a token.
 */
final class LabAccessLog {
    private LabAccessLog() {}

    // region writer
    static RequestLog into(LabFeed feed) {
        RequestLog.Writer writer = line -> feed.publish("auth", "log", line);
        CustomRequestLog log = new CustomRequestLog(writer, CustomRequestLog.NCSA_FORMAT);
        // Only the authentication lab's requests: the rest of the app keeps no access log.
        log.setFilter((request, response) -> request.getHttpURI().getPath().startsWith(AuthLab.PREFIX));
        return log;
    }
    // endregion
}
