package dev.realtimelab.live;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /sse/parsing-sample}: a short, finished event stream that packs in the parsing
 * rules of the format (WHATWG HTML, "Server-sent events", parsing an event stream), so the
 * sse-raw demo can put the bytes next to what EventSource makes of them. Written as bytes on
 * purpose: {@link EventStream} would never produce most of these lines.
 */
public final class ParsingSample {
    // region sample
    static final String SAMPLE = "\uFEFF"                    // a byte order mark: stripped
            + ": a comment: the parser skips this line\n"
            + "retry: 10000\n"                                 // reconnect after 10 s
            + "id: s1\r\n"                                     // CRLF ends a line,
            + "event: sample\r"                                // so does a lone CR,
            + "data:no space after the colon\n"                // and so does LF
            + "data:  two spaces: only the first is removed\n"
            + "data\n"                                         // no colon: field data, empty value
            + "Data: field names are case-sensitive, so this is ignored\n"
            + "colour: unknown fields are ignored\n"
            + "\n"                                             // blank line: dispatch
            + "data: no id line here, yet lastEventId is still s1\n"
            + "\n"
            + "event: sample\n"
            + "\n"                                             // no data: nothing is dispatched
            + "data: the stream ends before the blank line, so this is discarded\n";
    // endregion

    private static final byte[] BYTES = SAMPLE.getBytes(StandardCharsets.UTF_8);

    public void register(JavalinConfig config) {
        config.routes.get("/sse/parsing-sample", this::serve);
    }

    private void serve(Context ctx) {
        ctx.contentType("text/event-stream; charset=utf-8");
        ctx.header("Cache-Control", "no-store");
        ctx.result(BYTES);
    }
}
