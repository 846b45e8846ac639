package io.streambind.learner.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambind.core.eval.TaskPair;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.TreeMap;

/**
 * The small per-model record written with every applied batch: where the snapshot and the redo log
 * stand, and the open step's progress (which the redo log alone cannot rebuild, because batches
 * before the last snapshot are gone from it).
 */
public final class Manifest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

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
    /** Pairs trained in the open step, in the order they first appeared. */
    public List<PairProgress> pairs = new ArrayList<>();
    /** Test pairs kept per task key ({@link TaskPair#key()}), in the order the tasks first sent test pairs. */
    public LinkedHashMap<String, Integer> testRows = new LinkedHashMap<>();
    /** Input widths (a, b) of each task key's test pairs, which every later test batch of the key must match. */
    public TreeMap<String, int[]> testWidths = new TreeMap<>();
    /** Tasks trained in the open step, in the order they were first trained (BWT and stability refer to them). */
    public List<TaskPair> trainedTasks = new ArrayList<>();
    /** Parts waiting for siblings, over all batches of the model. */
    public int pendingParts;
    /** Per modality, the last published version that carried its head, and that version's marker timestamp. */
    public TreeMap<String, CarriedHead> carriedHeads = new TreeMap<>();
    /** First and last input records applied in the open step (provenance). */
    public SourcePosition stepFirstRecord;
    public SourcePosition lastRecord;

    public Manifest() {
    }

    /** A published version that carried a head's weights. */
    public static final class CarriedHead {
        public long version;
        public long timestamp;

        public CarriedHead() {
        }

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

    public PairProgress pair(String modalityA, String modalityB) {
        for (PairProgress pair : pairs) {
            if (pair.modalityA.equals(modalityA) && pair.modalityB.equals(modalityB)) {
                return pair;
            }
        }
        PairProgress pair = new PairProgress(modalityA, modalityB);
        pairs.add(pair);
        return pair;
    }

    public void trained(TaskPair task) {
        if (!trainedTasks.contains(task)) {
            trainedTasks.add(task);
        }
    }

    public void applied(SourcePosition position) {
        if (stepFirstRecord == null) {
            stepFirstRecord = position;
        }
        lastRecord = position;
    }

    /** Starts the next step's bookkeeping. */
    public void stepClosed(long nextStep) {
        step = nextStep;
        pairs = new ArrayList<>();
        trainedTasks = new ArrayList<>();
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
}
