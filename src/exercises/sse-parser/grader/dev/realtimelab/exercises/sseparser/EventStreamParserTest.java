package dev.realtimelab.exercises.sseparser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.exercises.sseparser.EventStreamParser.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Grades the sse-parser exercise against the WHATWG "Event stream interpretation" rules. */
@Tag("exercise")
@Tag("sse-parser")
@DisplayName("sse-parser: an event-stream parser")
@Timeout(value = 5, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventStreamParserTest {

    @Test
    @DisplayName("dispatches an event at the blank line, with the type message by default")
    void dispatchesOnBlankLine() {
        List<Event> events = new ArrayList<>();
        EventStreamParser parser = new EventStreamParser(events::add);
        parser.feed("data: hello\n");
        assertEquals(List.of(), events, "an event is dispatched by the blank line that ends it, not before");
        parser.feed("\n");
        assertEquals(List.of(new Event("message", "hello", "")), events,
                "after the blank line: one event, type \"message\" (no event: field), no id yet");
    }

    static Stream<Arguments> lineEndings() {
        return Stream.of(
                Arguments.of("LF", new String[] {"data: a\ndata: b\n\n"}, ""),
                Arguments.of("CRLF", new String[] {"data: a\r\ndata: b\r\n\r\n"}, ""),
                Arguments.of("CR", new String[] {"data: a\rdata: b\r\r"},
                        ": a CR alone ends a line at once; do not wait for the next chunk to see whether an LF follows"),
                Arguments.of("a mix of all three", new String[] {"data: a\rdata: b\n\r\n"}, ""),
                Arguments.of("CRLF cut between the CR and the LF", new String[] {"data: a\r", "\ndata: b\r", "\n\r", "\n"},
                        ": a CR followed by an LF is ONE line ending even when they arrive in different chunks;"
                                + " taking that LF for a second line ending makes a blank line and dispatches too early"),
                Arguments.of("every character in its own chunk", "data: a\r\ndata: b\r\n\r\n".split(""),
                        ": keep the unfinished line between chunks"));
    }

    @ParameterizedTest(name = "line endings: {0}")
    @MethodSource("lineEndings")
    @DisplayName("accepts CRLF, LF and CR line endings, also cut between chunks")
    void acceptsEveryLineEnding(String label, String[] chunks, String why) {
        assertEquals(List.of(new Event("message", "a\nb", "")), parse(chunks),
                "with " + label + " the stream holds one event with the data \"a\\nb\"" + why);
    }

    @Test
    @DisplayName("strips one leading BOM, and only one")
    void stripsOneBom() {
        assertEquals(List.of(new Event("message", "a", "")), parse("\uFEFFdata: a\n\n"),
                "a UTF-8 byte order mark (U+FEFF) at the very start of the stream is skipped");
        assertEquals(List.of(new Event("message", "a", "")), parse("", "\uFEFFdata: a\n\n"),
                "the BOM is the first character of the stream, even if the first chunk was empty");
        assertEquals(List.of(new Event("message", "b", "")), parse("\uFEFF\uFEFFdata: a\n\ndata: b\n\n"),
                "only one BOM is stripped: after it, \"\\uFEFFdata\" is an unknown field name, so \"a\" is never sent");
        assertEquals(List.of(new Event("message", "x", "")), parse("data: x\n\n\uFEFFdata: y\n\n"),
                "a BOM later in the stream is not stripped: \"\\uFEFFdata\" is an unknown field");
    }

    static Stream<Arguments> fields() {
        return Stream.of(
                Arguments.of("data:x", "data:x\n\n", List.of("x"), "no space after the colon is fine"),
                Arguments.of("data:  x", "data:  x\n\n", List.of(" x"), "only ONE space after the colon is removed"),
                Arguments.of("data:<tab>x", "data:\tx\n\n", List.of("\tx"), "a tab after the colon is kept: only a space is removed"),
                Arguments.of("data: a:b", "data: a:b\n\n", List.of("a:b"), "the field name ends at the FIRST colon"),
                Arguments.of("data (no colon)", "data\n\n", List.of(""), "a line without a colon is a field name with an empty value, so an event with empty data"),
                Arguments.of("Data: x", "Data: x\n\n", List.of(), "field names are case-sensitive: Data is an unknown field"),
                Arguments.of("foo: bar", "foo: bar\ndata: x\n\n", List.of("x"), "an unknown field is ignored"),
                Arguments.of(": comment", ": comment\ndata: x\n\n", List.of("x"), "a line starting with a colon is a comment"),
                Arguments.of("a comment alone", ": keep-alive\n\n", List.of(), "a comment followed by a blank line dispatches nothing"));
    }

    @ParameterizedTest(name = "field line: {0}")
    @MethodSource("fields")
    @DisplayName("parses field lines as the spec says")
    void parsesFields(String label, String stream, List<String> expectedData, String rule) {
        List<String> data = parse(stream).stream().map(Event::data).toList();
        assertEquals(expectedData, data, label + ": " + rule);
    }

    @Test
    @DisplayName("joins data lines with a newline and removes one trailing newline")
    void joinsDataLines() {
        assertEquals("a\nb", parse("data: a\ndata: b\n\n").get(0).data(), "two data lines are joined with \\n");
        assertEquals("a\n", parse("data: a\ndata:\n\n").get(0).data(),
                "each data line appends its value and \\n; only ONE trailing \\n is removed at dispatch");
        assertEquals("\n", parse("data:\ndata:\n\n").get(0).data(), "two empty data lines make the data \"\\n\"");
    }

    @Test
    @DisplayName("dispatches nothing without data, and resets the type after each event")
    void handlesTypes() {
        assertEquals(List.of(new Event("ping", "1", ""), new Event("message", "2", "")),
                parse("event: ping\ndata: 1\n\ndata: 2\n\n"),
                "the event type applies to one event only; the next one is \"message\" again");
        assertEquals(List.of(new Event("message", "2", "")), parse("event: ping\n\ndata: 2\n\n"),
                "an event with no data line is not dispatched, and its type is forgotten at the blank line");
        assertEquals(List.of(new Event("message", "x", "")), parse("event:\ndata: x\n\n"),
                "an empty event type means \"message\"");
    }

    @Test
    @DisplayName("keeps the last event id across events; ignores an id with NUL; an empty id resets it")
    void tracksTheLastEventId() {
        List<Event> events = new ArrayList<>();
        EventStreamParser parser = new EventStreamParser(events::add);
        parser.feed("id: 1\ndata: a\n\ndata: b\n\nid: 2\0x\ndata: c\n\nid\ndata: d\n\n");
        assertEquals(List.of(new Event("message", "a", "1"), new Event("message", "b", "1"),
                        new Event("message", "c", "1"), new Event("message", "d", "")), events,
                "the id persists until an id field changes it (b keeps 1); an id containing NUL is ignored (c keeps 1);"
                        + " an id field with an empty value resets it (d has \"\")");
        parser.feed("id: 5\n\n");
        assertEquals(4, events.size(), "\"id: 5\" then a blank line has no data: no event");
        assertEquals("5", parser.lastEventId(),
                "but the blank line still sets the last event id the browser would send on reconnect");
    }

    @Test
    @DisplayName("accepts retry only when its value is all ASCII digits")
    void acceptsOnlyDigitRetry() {
        EventStreamParser parser = new EventStreamParser(event -> { });
        assertEquals(OptionalLong.empty(), parser.retry(), "no retry field yet");
        parser.feed("retry: 3000\n\n");
        assertEquals(OptionalLong.of(3000), parser.retry(), "retry: 3000 sets the reconnection time to 3000 ms");
        for (String bad : List.of("3s", "-1", "1.5", " 100", "+100", "\uFF15\uFF10")) {
            parser.feed("retry: " + bad + "\n\n");
            assertEquals(OptionalLong.of(3000), parser.retry(), "\"retry: " + bad + "\" must be ignored: the value must"
                    + " consist of ASCII digits 0-9 only (Character.isDigit also accepts full-width digits)");
        }
        parser.feed("retry:250\n\n");
        assertEquals(OptionalLong.of(250), parser.retry(), "retry:250 (no space) sets 250 ms");
    }

    @Test
    @DisplayName("discards an unfinished event at the end of the stream")
    void discardsTheUnfinishedEvent() {
        List<Event> events = new ArrayList<>();
        EventStreamParser parser = new EventStreamParser(events::add);
        parser.feed("id: 1\ndata: a\n\nid: 2\ndata: b\n");
        parser.end();
        assertEquals(List.of(new Event("message", "a", "1")), events,
                "the stream ended before the blank line of the second event: it must not be dispatched");
        assertEquals("1", parser.lastEventId(),
                "the id of an event that was never dispatched does not become the last event id");

        List<Event> more = new ArrayList<>();
        EventStreamParser other = new EventStreamParser(more::add);
        other.feed("data: x\n\ndata: y");
        other.end();
        assertEquals(List.of(new Event("message", "x", "")), more,
                "a last line without a line ending is unfinished too: only x is dispatched");
    }

    @Test
    @DisplayName("gives the same events wherever the stream is cut into chunks")
    void ignoresChunkBoundaries() {
        String stream = "\uFEFF: hello\r\nretry: 1500\r\nid: 41\r\nevent: price\r\ndata: {\"a\":1}\r\ndata: \r\n\r\n"
                + "id: 42\rdata:second\r\rdata: third\n\nevent: x\n\n";
        List<Event> expected = List.of(new Event("price", "{\"a\":1}\n", "41"),
                new Event("message", "second", "42"), new Event("message", "third", "42"));
        for (int cut = 0; cut <= stream.length(); cut++) {
            String first = stream.substring(0, cut);
            String second = stream.substring(cut);
            assertTrue(expected.equals(parse(first, second)), "the stream cut into \"" + visible(first) + "\" and \""
                    + visible(second) + "\" gave " + parse(first, second) + ", expected " + expected
                    + ": keep the unfinished line (and a pending CR) for the next chunk");
        }
    }

    // ---- helpers ----

    private static List<Event> parse(String... chunks) {
        List<Event> events = new ArrayList<>();
        EventStreamParser parser = new EventStreamParser(events::add);
        for (String chunk : chunks) {
            parser.feed(chunk);
        }
        return events;
    }

    private static String visible(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n").replace("\uFEFF", "\\uFEFF");
    }
}
