package io.streambind.learner.process;

import io.streambind.avro.ModelSnapshotChunk;
import io.streambind.avro.StepReport;

/** What the batch processor emits; the topology routes each kind to its topic. */
public sealed interface LearnerOutput {

    /** A closed step's report, for {@code streambind.reports}. */
    record Report(StepReport report) implements LearnerOutput {}

    /** One chunk of a heads-only snapshot, for {@code streambind.models}. */
    record SnapshotChunk(ModelSnapshotChunk chunk) implements LearnerOutput {}

    /** An unusable input record with its original key and value bytes (headers travel on the record). */
    record DeadLetter(byte[] key, byte[] value) implements LearnerOutput {}
}
