package io.streambind.learner.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambind.avro.ModelSnapshotChunk;
import io.streambind.core.model.Chunks;
import io.streambind.core.model.ContinualModel;
import io.streambind.core.model.Provenance;
import io.streambind.learner.state.Manifest;
import io.streambind.learner.state.SourcePosition;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The heads-only snapshot of a closed step, as {@code streambind.models} chunks with provenance. */
final class SnapshotChunks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SnapshotChunks() {
    }

    /**
     * The chunks of the model's current version, which takes the heads of {@code references} from the
     * versions named there and carries the others.
     */
    static List<ModelSnapshotChunk> of(ContinualModel model, Manifest manifest, SourcePosition marker,
                                       Map<String, Long> references) {
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
     * Config of the DNS math only (no client settings, so no credentials), counters, source offsets, and the
     * version that carries each head ({@code headsFrom}: this version, or the earlier one it refers to).
     */
    static String provenanceJson(Provenance provenance, Manifest manifest, SourcePosition marker,
                                 Map<String, Long> headsFrom) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("topic", marker.topic());
        source.put("partition", marker.partition());
        source.put("stepFirstOffset", manifest.stepFirstRecord == null ? null : manifest.stepFirstRecord.offset());
        source.put("stepLastOffset", manifest.lastRecord == null ? null : manifest.lastRecord.offset());
        source.put("markerOffset", marker.offset());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("modelId", manifest.modelId);
        json.put("version", provenance.steps());
        json.put("stepsClosed", provenance.steps());
        json.put("samplesSeen", provenance.samplesSeen());
        json.put("batchesSeen", provenance.batchesSeen());
        json.put("config", provenance.config());
        json.put("source", source);
        json.put("headsFrom", headsFrom);
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("provenance is not serialisable", e);
        }
    }
}
