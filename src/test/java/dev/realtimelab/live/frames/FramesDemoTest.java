package dev.realtimelab.live.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.realtimelab.AppTest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code GET /demos/frames} over HTTP: the RFC examples, the length forms, and clear 400s. */
class FramesDemoTest extends AppTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpResponse<String> get(String... pairs) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            query.append(i == 0 ? "?" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return app.get(FramesDemo.PATH + query);
    }

    private static JsonNode ok(String... pairs) throws Exception {
        HttpResponse<String> response = get(pairs);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    private static String firstHex(JsonNode answer, String direction) {
        return answer.get(direction).get("frames").get(0).get("hex").asText();
    }

    @Test
    void helloIsTheRfcExampleInBothDirections() throws Exception {
        JsonNode answer = ok("type", "text", "text", "Hello", "key", "37fa213d");
        assertEquals("81 85 37 fa 21 3d 7f 9f 4d 51 58", firstHex(answer, "clientToServer"));
        assertEquals("81 05 48 65 6c 6c 6f", firstHex(answer, "serverToClient"));
        assertEquals(11, answer.get("clientToServer").get("totalBytes").asInt());
        assertEquals(6, answer.get("clientToServer").get("overheadBytes").asInt());
        assertEquals(2, answer.get("serverToClient").get("overheadBytes").asInt());
        JsonNode fields = answer.get("clientToServer").get("frames").get(0).get("fields");
        assertEquals("masking key", fields.get(2).get("name").asText());
        assertEquals("37 fa 21 3d", fields.get(2).get("hex").asText());
    }

    @Test
    void pingIsTheRfcExample() throws Exception {
        assertEquals("89 05 48 65 6c 6c 6f", firstHex(ok("type", "ping", "text", "Hello"), "serverToClient"));
    }

    @Test
    void fragmentsAreTheRfcExample() throws Exception {
        JsonNode frames = ok("type", "text", "text", "Hello", "fragments", "2").get("serverToClient").get("frames");
        assertEquals("01 03 48 65 6c", frames.get(0).get("hex").asText());
        assertEquals("80 02 6c 6f", frames.get(1).get("hex").asText());
    }

    @Test
    void longerPayloadsUseTheLongerLengthForms() throws Exception {
        assertTrue(firstHex(ok("type", "binary", "text", "ab", "size", "256"), "serverToClient").startsWith("82 7e 01 00 61 62"));
        String large = firstHex(ok("type", "binary", "text", "ab", "size", "65536"), "serverToClient");
        assertTrue(large.startsWith("82 7f 00 00 00 00 00 01 00 00 61 62"), large);
        assertTrue(large.endsWith("more bytes)"), "a long payload is shown cut: " + large);
    }

    @Test
    void withoutAKeyEveryClientFrameGetsAFreshRandomKey() throws Exception {
        String first = firstHex(ok("type", "text", "text", "Hello"), "clientToServer");
        String second = firstHex(ok("type", "text", "text", "Hello"), "clientToServer");
        assertTrue(first.startsWith("81 85 "), first);
        assertNotEquals(first, second);
    }

    @Test
    void anUnmaskedClientFrameCanBeShown() throws Exception {
        JsonNode answer = ok("type", "text", "text", "Hello", "masked", "false");
        assertFalse(answer.get("clientToServer").get("masked").asBoolean());
        assertEquals("81 05 48 65 6c 6c 6f", firstHex(answer, "clientToServer"));
    }

    @Test
    void closeCarriesTheCodeAndReason() throws Exception {
        assertEquals("88 05 03 e8 62 79 65", firstHex(ok("type", "close", "text", "bye", "code", "1000"), "serverToClient"));
    }

    @Test
    void badInputGetsA400ThatSaysWhatToFix() throws Exception {
        assertBadRequest("type must be", "type", "poke");
        assertBadRequest("type must be");
        assertBadRequest("fragments must be", "type", "text", "text", "Hello", "fragments", "0");
        assertBadRequest("fragments must be", "type", "text", "text", "Hello", "fragments", "lots");
        assertBadRequest("cannot cut", "type", "text", "text", "Hi", "fragments", "3");
        assertBadRequest("size must be", "type", "binary", "text", "a", "size", "999999");
        assertBadRequest("key must be 8 hex digits", "type", "text", "text", "Hi", "key", "xyz");
        assertBadRequest("at most 125 bytes", "type", "ping", "text", "p".repeat(126));
        assertBadRequest("never fragmented", "type", "ping", "text", "Hello", "fragments", "2");
        assertBadRequest("may not be sent", "type", "close", "code", "1006");
        assertBadRequest("at most 123 bytes", "type", "close", "text", "r".repeat(124));
        assertBadRequest("at most 1000 bytes", "type", "text", "text", "t".repeat(1001));
        assertBadRequest("cut a character", "type", "text", "text", "é", "size", "3");
    }

    private static void assertBadRequest(String expected, String... pairs) throws Exception {
        HttpResponse<String> response = get(pairs);
        assertEquals(400, response.statusCode(), response.body());
        String error = JSON.readTree(response.body()).get("error").asText();
        assertTrue(error.contains(expected), "error '" + error + "' should say '" + expected + "'");
        assertFalse(response.body().contains("Exception"), response.body());
    }
}
