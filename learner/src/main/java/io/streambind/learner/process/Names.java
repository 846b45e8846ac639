package io.streambind.learner.process;

import java.util.regex.Pattern;

/**
 * Checks the names a record brings before they become store keys, metric tags and URL paths:
 * model ids and modalities are plain identifiers, tasks and batch ids any text without control
 * characters (store keys use NUL as separator). Identifiers also become file names
 * ({@code snapshot --out}), which the rule keeps safe: no separator, and no {@code .} or {@code ..}.
 */
public final class Names {
    /** What {@link #isIdentifier} accepts, in words for error messages. */
    public static final String IDENTIFIER_RULE = "letters, digits, . _ -, not starting with . _ -, at most 128";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final int MAX_TEXT_LENGTH = 256;

    private Names() {}

    static String identifier(String kind, String value) throws Rejection {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new Rejection(
                    DeadLetterReason.INVALID_NAME,
                    kind + " '" + shorten(value) + "' is not an identifier (" + IDENTIFIER_RULE + ")");
        }
        return value;
    }

    static String text(String kind, String value) throws Rejection {
        if (value == null
                || value.isEmpty()
                || value.length() > MAX_TEXT_LENGTH
                || value.chars().anyMatch(Character::isISOControl)) {
            throw new Rejection(
                    DeadLetterReason.INVALID_NAME,
                    kind + " '" + shorten(value) + "' must be 1 to " + MAX_TEXT_LENGTH
                            + " characters without control characters");
        }
        return value;
    }

    /** Whether a model id or modality would be accepted; the HTTP server checks paths with it. */
    public static boolean isIdentifier(String value) {
        return value != null && IDENTIFIER.matcher(value).matches();
    }

    /** {@code value} cut to 64 characters with control characters shown as {@code ?}, for messages. */
    public static String shorten(String value) {
        if (value == null) {
            return "null";
        }
        String printable = value.codePoints()
                .limit(64)
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return value.length() > 64 ? printable + "..." : printable;
    }
}
