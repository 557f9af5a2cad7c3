package dev.realtimelab.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The accept computation against the example of RFC 6455 section 1.3. */
class HandshakeAcceptTest {
    @Test
    void rfcExampleKeyGivesTheRfcAccept() {
        HandshakeInspector.AcceptSteps steps = HandshakeInspector.accept("dGhlIHNhbXBsZSBub25jZQ==");
        assertEquals("dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11", steps.concatenated());
        // the SHA-1 bytes the RFC lists: 0xb3 0x7a 0x4f 0x2c ... 0xbe 0xc4 0xea
        assertEquals("b37a4f2cc0624f1690f64606cf385945b2bec4ea", steps.sha1Hex());
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", steps.accept());
    }
}
