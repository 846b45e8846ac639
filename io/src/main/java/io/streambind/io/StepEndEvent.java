package io.streambind.io;

/** Closes the current continual step. */
public record StepEndEvent(int line) implements StreamEvent {}
