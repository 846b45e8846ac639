package io.streambind.core.io;

/** Closes the current continual step. */
public record StepEndEvent(int line) implements StreamEvent {}
