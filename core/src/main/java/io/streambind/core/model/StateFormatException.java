package io.streambind.core.model;

/** Serialized state that cannot be read: wrong magic, unknown version, truncated or inconsistent. */
public final class StateFormatException extends IllegalArgumentException {
    public StateFormatException(String message) {
        super(message);
    }
}
