package io.veernet.data.las;

import java.util.Objects;

/**
 * One header line of a LAS 2.0 file, {@code MNEM.UNIT  VALUE : DESCRIPTION}: a well, curve or
 * parameter entry (for a curve the value holds the optional API code).
 *
 * <p>The fields are checked against the LAS 2.0 line grammar, whose delimiters are the first dot,
 * the first space after it and the last colon: a mnemonic has no space, dot or colon; a unit no
 * space or colon; a description no colon; all is printable ASCII. Value and description are
 * stripped of surrounding spaces, which a LAS line cannot keep.
 */
public record LasEntry(String mnemonic, String unit, String value, String description) {

    public LasEntry {
        Objects.requireNonNull(mnemonic, "mnemonic");
        Objects.requireNonNull(unit, "unit");
        value = Objects.requireNonNull(value, "value").strip();
        description = Objects.requireNonNull(description, "description").strip();
        if (mnemonic.isEmpty()) {
            throw new IllegalArgumentException("empty mnemonic");
        }
        requireAscii(mnemonic, "mnemonic", mnemonic);
        requireAscii(mnemonic, "unit", unit);
        requireAscii(mnemonic, "value", value);
        requireAscii(mnemonic, "description", description);
        if (mnemonic.chars().anyMatch(ch -> ch == ' ' || ch == '.' || ch == ':')) {
            throw new IllegalArgumentException("mnemonic '" + mnemonic + "' contains a space, dot or colon");
        }
        if (unit.chars().anyMatch(ch -> ch == ' ' || ch == ':')) {
            throw new IllegalArgumentException(mnemonic + ": unit '" + unit + "' contains a space or colon");
        }
        if (description.indexOf(':') >= 0) {
            throw new IllegalArgumentException(mnemonic + ": description '" + description
                    + "' contains a colon, which LAS reserves as the last delimiter of a line");
        }
    }

    /** A curve entry without an API code. */
    public static LasEntry curve(String mnemonic, String unit, String description) {
        return new LasEntry(mnemonic, unit, "", description);
    }

    private static void requireAscii(String mnemonic, String field, String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < 32 || ch > 126) {
                throw new IllegalArgumentException(mnemonic + ": " + field + " '" + text + "' has character U+"
                        + String.format("%04X", (int) ch) + "; LAS 2.0 allows printable ASCII only");
            }
        }
    }
}
