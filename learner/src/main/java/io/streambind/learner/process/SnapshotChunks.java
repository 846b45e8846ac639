package io.streambind.learner.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambind.avro.ModelSnapshotChunk;
import io.streambind.core.model.Chunks;
import io.streambind.core.model.ContinualModel;
import io.streambind.core.model.Provenance;
import io.streambind.core.model.RuntimeProvenance;
import io.streambind.learner.state.Manifest;
import io.streambind.learner.state.SourcePosition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The heads-only snapshot of a closed step, as {@code streambind.models} chunks with provenance. */
final class SnapshotChunks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SnapshotChunks() {}

    /**
     * The chunks of the model's current version, which takes the heads of {@code references} from the
     * versions named there and carries the others.
     */
    static List<ModelSnapshotChunk> of(
            ContinualModel model, Manifest manifest, SourcePosition marker, Map<String, Long> references) {
        byte[] heads = model.headsBytes(references);
        List<byte[]> pieces = Chunks.split(heads);
        Map<String, Long> headsFrom = new TreeMap<>();
        for (String modality : model.modalities()) {
            headsFrom.put(modality, references.getOrDefault(modality, model.step()));
        }
        String provenance = provenanceJson(model.provenance(), manifest, marker, headsFrom);
        List<ModelSnapshotChunk> chunks = new ArrayList<>(pieces.size());
        for (int i = 0; i < pieces.size(); i++) {
            chunks.add(ModelSnapshotChunk.newBuilder()
                    .setModelId(manifest.modelId)
                    .setVersion(model.step())
                    .setChunkIndex(i)
                    .setChunkCount(pieces.size())
                    .setProvenance(provenance)
                    .setData(ByteBuffer.wrap(pieces.get(i)))
                    .build());
        }
        return chunks;
    }

    /**
     * What a published version says of itself: the model, its counters and the DNS config (no client settings,
     * so no credentials), the input records of its step, the version that carries each head ({@code headsFrom}:
     * this version, or the earlier one it refers to), and the code and numeric path that trained it.
     */
    record SnapshotProvenance(
            String modelId,
            long version,
            long samplesSeen,
            long batchesSeen,
            Map<String, String> config,
            Source source,
            Map<String, Long> headsFrom,
            RuntimeProvenance runtime) {}

    /** The step's first and last input offsets and its marker's. */
    record Source(String topic, int partition, Long stepFirstOffset, Long stepLastOffset, long markerOffset) {}

    /** Read once: the path does not change within a process. */
    private static final class Runtime {
        static final RuntimeProvenance CURRENT = RuntimeProvenance.current();
    }

    static String provenanceJson(
            Provenance provenance, Manifest manifest, SourcePosition marker, Map<String, Long> headsFrom) {
        Source source = new Source(
                marker.topic(),
                marker.partition(),
                manifest.stepFirstRecord == null ? null : manifest.stepFirstRecord.offset(),
                manifest.lastRecord == null ? null : manifest.lastRecord.offset(),
                marker.offset());
        SnapshotProvenance json = new SnapshotProvenance(
                manifest.modelId,
                provenance.steps(),
                provenance.samplesSeen(),
                provenance.batchesSeen(),
                provenance.config(),
                source,
                headsFrom,
                Runtime.CURRENT);
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("provenance is not serialisable", e);
        }
    }
}
