package io.streambind.learner.state;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambind.core.eval.TaskPair;
import io.streambind.core.loop.OpenStep;
import io.streambind.core.loop.PairProgress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.TreeMap;

/**
 * The small per-model record written with every applied batch: where the snapshot and the redo log
 * stand, and the open step's progress (which the redo log alone cannot rebuild, because batches
 * before the last snapshot are gone from it).
 */
public final class Manifest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .addMixIn(OpenStep.class, OpenStepJson.class)
            .addMixIn(PairProgress.class, PairProgressJson.class);

    public String modelId;
    /** The open step (steps closed so far); also the version of the last published snapshot + 1. */
    public long step;

    public long samplesSeen;
    /** True once sections have been written; before that the model starts fresh from its config. */
    public boolean snapshotWritten;
    /** Sequence number the next redo entry gets. */
    public long nextRedoSeq;
    /** Redo entries written since the last snapshot. */
    public int redoEntries;
    /**
     * The open step's progress in core's continual loop; its fields ({@code pairs}, {@code trainedTasks}) sit
     * at the top level of the JSON, where earlier learners wrote them.
     */
    @JsonUnwrapped
    public OpenStep openStep = new OpenStep();
    /** Test pairs kept per task key ({@link TaskPair#key()}), in the order the tasks first sent test pairs. */
    public LinkedHashMap<String, Integer> testRows = new LinkedHashMap<>();
    /** Input widths (a, b) of each task key's test pairs, which every later test batch of the key must match. */
    public TreeMap<String, int[]> testWidths = new TreeMap<>();
    /** Parts waiting for siblings, over all batches of the model. */
    public int pendingParts;
    /** Per modality, the last published version that carried its head, and that version's marker timestamp. */
    public TreeMap<String, CarriedHead> carriedHeads = new TreeMap<>();
    /** First and last input records applied in the open step (provenance). */
    public SourcePosition stepFirstRecord;

    public SourcePosition lastRecord;

    public Manifest() {}

    /** A published version that carried a head's weights. */
    public static final class CarriedHead {
        public long version;
        public long timestamp;

        public CarriedHead() {}

        public CarriedHead(long version, long timestamp) {
            this.version = version;
            this.timestamp = timestamp;
        }
    }

    public static Manifest fresh(String modelId) {
        Manifest manifest = new Manifest();
        manifest.modelId = modelId;
        return manifest;
    }

    public void applied(SourcePosition position) {
        if (stepFirstRecord == null) {
            stepFirstRecord = position;
        }
        lastRecord = position;
    }

    /** Starts the next step's bookkeeping here (the loop has started its progress). */
    public void stepClosed(long nextStep) {
        step = nextStep;
        stepFirstRecord = null;
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("manifest is not serialisable", e);
        }
    }

    public static Manifest fromJson(byte[] json) {
        try {
            return JSON.readValue(json, Manifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt manifest in the state store", e);
        }
    }

    /** The persisted shape of the open step: its fields, read and written directly. */
    @JsonAutoDetect(
            fieldVisibility = Visibility.ANY,
            getterVisibility = Visibility.NONE,
            isGetterVisibility = Visibility.NONE)
    private abstract static class OpenStepJson {}

    /** The persisted shape of a pair's progress: its fields, by the names earlier learners wrote. */
    @JsonAutoDetect(
            fieldVisibility = Visibility.ANY,
            getterVisibility = Visibility.NONE,
            isGetterVisibility = Visibility.NONE)
    private abstract static class PairProgressJson {
        @JsonCreator
        PairProgressJson(@JsonProperty("modalityA") String modalityA, @JsonProperty("modalityB") String modalityB) {}
    }
}
