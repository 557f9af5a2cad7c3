package dev.realtimelab.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.live.hub.Hub;
import dev.realtimelab.live.hub.MemberNames;
import org.junit.jupiter.api.Test;

/** The one rule for member names: any script, NFC, code points counted, no invisible or control characters. */
class MemberNamesTest {
    @Test
    void namesInAnyScriptAreStoredInNfc() {
        assertEquals("Zo\u00eb", MemberNames.normalize(" Zoe\u0308 "));
        for (String name : new String[] {"\u0141ukasz", "\u674e\u96f7", "\u0410\u043d\u0430", "Ana-Mar\u00eda O'Neil", "r2_d2.x"}) {
            assertEquals(name, MemberNames.normalize(name));
            assertTrue(Hub.isMemberName(name), name);
        }
        assertFalse(Hub.isMemberName("Zoe\u0308"), "the hub takes names already normalized");
    }

    @Test
    void lengthIsCountedInCodePoints() {
        String twentyFour = "\ud835\udc9c".repeat(24); // 48 UTF-16 units, 24 characters
        assertEquals(twentyFour, MemberNames.normalize(twentyFour));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MemberNames.normalize(twentyFour + "\ud835\udc9c"))
                .getMessage().contains("this one has 25"));
    }

    @Test
    void controlBidiAndInvisibleCharactersAreRefusedWithAReason() {
        assertTrue(reason("Ada\u202Eevil").contains("bidirectional"));
        assertTrue(reason("Ada\u2066x").contains("bidirectional"));
        assertTrue(reason("Ada\u0000").contains("control character (U+0000"));
        assertTrue(reason("Ada\u200D").contains("invisible"));
        assertTrue(reason("Ada\uFEFF").contains("invisible"));
        assertTrue(reason("Ada\u3000Bo").contains("invisible"));
        assertTrue(reason("Ada\ud83d\ude00").contains("cannot hold"));
        assertTrue(reason("\u0301\u0301").contains("letter or digit"));
        assertTrue(reason(null).contains("empty"));
    }

    static String reason(String name) {
        return assertThrows(IllegalArgumentException.class, () -> MemberNames.normalize(name)).getMessage();
    }
}
