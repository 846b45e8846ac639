package io.streambind.learner.state;

/** Where a record came from: provenance of snapshots and DLQ records. */
public record SourcePosition(String topic, int partition, long offset) {}
