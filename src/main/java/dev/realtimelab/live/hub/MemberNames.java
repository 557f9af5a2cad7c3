package dev.realtimelab.live.hub;

import java.text.Normalizer;

/**
 * The one rule for the names members show to others (chat rooms, the workshop's roster):
 * letters and digits of any script, so "Zoë", "Łukasz", "李雷" and "Ана" are names, plus space,
 * {@code _ - . '}. A name is stored in Unicode normalization form C, so "ë" typed as one
 * character or as "e" plus a combining diaeresis is the same name, and its length is counted in
 * code points, as a person counts characters, not in UTF-16 units. Control characters and
 * invisible format characters are refused: a right-to-left override or an isolate would make
 * the name (and the rest of the line it is shown in) read differently from what it is, and a
 * zero-width character would make two names that look the same differ.
 */
public final class MemberNames {
    public static final int MAX_CODE_POINTS = 24;
    public static final String RULE = "a name is 1 to " + MAX_CODE_POINTS
            + " characters: letters and digits of any script, space, _, -, . and '";

    private MemberNames() {}

    /** The name as stored: stripped and in NFC. Throws IllegalArgumentException saying what is wrong. */
    public static String normalize(String raw) {
        String name = raw == null ? "" : Normalizer.normalize(raw, Normalizer.Form.NFC).strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a name cannot be empty: " + RULE);
        }
        boolean letterOrDigit = false;
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            if (isBidiControl(c)) {
                throw new IllegalArgumentException("a name cannot hold a bidirectional override or isolate (" + codeOf(c)
                        + "): it would make the text around it read in another order");
            }
            int type = Character.getType(c);
            if (type == Character.CONTROL) {
                throw new IllegalArgumentException("a name cannot hold a control character (" + codeOf(c) + ", such as a line break or a tab)");
            }
            if (type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || (type == Character.SPACE_SEPARATOR && c != ' ')) {
                throw new IllegalArgumentException("a name cannot hold an invisible or special space character (" + codeOf(c)
                        + "): two names that look the same must be the same name");
            }
            boolean letter = Character.isLetter(c) || type == Character.DECIMAL_DIGIT_NUMBER;
            boolean mark = type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK;
            if (!letter && !mark && " _-.'\u2019".indexOf(c) < 0) {
                throw new IllegalArgumentException("a name cannot hold \"" + new String(Character.toChars(c)) + "\" (" + codeOf(c) + "): " + RULE);
            }
            letterOrDigit |= letter;
        }
        if (!letterOrDigit) {
            throw new IllegalArgumentException("a name needs at least one letter or digit: " + RULE);
        }
        int length = name.codePointCount(0, name.length());
        if (length > MAX_CODE_POINTS) {
            throw new IllegalArgumentException("a name is at most " + MAX_CODE_POINTS + " characters; this one has " + length);
        }
        return name;
    }

    /** True for a name {@link #normalize} accepts as it is (already stripped and in NFC). */
    public static boolean isValid(String name) {
        try {
            return name != null && normalize(name).equals(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** U+202A..U+202E (embeddings, overrides) and U+2066..U+2069 (isolates), and the implicit marks LRM, RLM, ALM. */
    private static boolean isBidiControl(int c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
    }

    private static String codeOf(int c) {
        return String.format("U+%04X", c);
    }
}
