package dev.realtimelab.live;

import dev.realtimelab.course.Directive;
import dev.realtimelab.course.LessonException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ```demo ID}: the mount point of a live widget. The page's script loads
 * {@code /js/demos/ID.js} and calls its {@code mount(element)}; without JavaScript the box says so.
 */
public final class DemoDirective implements Directive {
    /** Every demo a lesson may name, with the title its box shows. */
    public static final Map<String, String> DEMOS = Collections.unmodifiableSortedMap(new TreeMap<>(Map.ofEntries(
            // one line a demo: id, then the title its box shows
            Map.entry("ws-echo", "Echo: the WebSocket API, message by message"),
            Map.entry("ws-frames", "Frame builder: a message as bytes on the wire"),
            Map.entry("ws-handshake", "Handshake inspector: what the server saw and sent"),
            Map.entry("sse-clock", "A clock over Server-Sent Events"),
            Map.entry("sse-raw", "The raw event stream next to what EventSource makes of it"),
            Map.entry("sse-resume", "Drop, reconnect, resume: Last-Event-ID at work"),
            Map.entry("chat", "One room, three members, two transports"),
            Map.entry("ws-reconnect", "Reconnect, back off, resume"),
            Map.entry("scale-out", "Two instances, one Redis: one room, and a resume on the other"),
            Map.entry("compare-wire", "Bytes on the wire, recorded through a relay"),
            Map.entry("compare-race", "Latency race: one round trip, four ways"),
            Map.entry("compare-limit", "Seven event streams to one origin"),
            Map.entry("compare-buffer", "A buffering proxy in front of an event stream"),
            Map.entry("compare-idle", "The heap an idle connection costs"),
            Map.entry("compare-dashboard", "A monitoring dashboard over SSE: this app, once a second"),
            Map.entry("compare-cursors", "Shared cursors over WebSocket"),
            Map.entry("compare-fetch", "SSE without EventSource: a POST, a header, and a resume"),
            Map.entry("compare-decide", "Decision guide: WebSocket, SSE or something else"),
            Map.entry("lab-hijack", "Lab: hijack a WebSocket from another origin"),
            Map.entry("lab-auth", "Lab: a token in the URL against a one-time ticket"),
            Map.entry("lab-xss", "Lab: a chat message that carries a script"),
            Map.entry("lab-abuse", "Lab: abuse an endpoint with and without limits"),
            Map.entry("lab-tls", "Lab: ws:// and wss:// from this page")
    )));

    @Override
    public String render(Block block) {
        String id = block.argument();
        String title = DEMOS.get(id);
        if (title == null) {
            throw new LessonException("unknown demo '" + id + "' (known: " + String.join(", ", DEMOS.keySet()) + ")");
        }
        return "<section class=\"demo\" data-demo=\"" + id + "\" aria-label=\"Live demo: " + title + "\">\n"
                + "<div class=\"demo-head\"><p class=\"demo-title\">" + title + "</p><span class=\"demo-tag\">live demo</span></div>\n"
                + "<div class=\"demo-body\"><noscript><p class=\"demo-unavailable\">This live demo needs JavaScript.</p></noscript></div>\n"
                + "</section>";
    }
}
