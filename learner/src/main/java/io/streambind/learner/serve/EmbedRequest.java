package io.streambind.learner.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/** {@code {"modality":"text","vectors":[[...],...]}}, checked against the head it goes through. */
record EmbedRequest(String modality, float[] rows, int count) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static EmbedRequest parse(byte[] body, int maxVectors) throws HttpError {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new HttpError(400, "body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new HttpError(400, "body is not readable JSON");
        }
        if (root == null || !root.isObject() || !root.path("modality").isTextual() || !root.path("vectors").isArray()) {
            throw new HttpError(400, "expected {\"modality\": \"<name>\", \"vectors\": [[...], ...]}");
        }
        JsonNode vectors = root.get("vectors");
        int count = vectors.size();
        if (count == 0 || count > maxVectors) {
            throw new HttpError(400, "vectors must hold 1 to " + maxVectors + " rows, got " + count);
        }
        int width = vectors.get(0).size();
        if (width == 0) {
            throw new HttpError(400, "vectors must not be empty");
        }
        float[] rows = new float[Math.multiplyExact(count, width)];
        for (int i = 0; i < count; i++) {
            JsonNode row = vectors.get(i);
            if (!row.isArray() || row.size() != width) {
                throw new HttpError(400, "row " + i + " has " + row.size() + " values, row 0 has " + width);
            }
            for (int j = 0; j < width; j++) {
                JsonNode value = row.get(j);
                if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
                    throw new HttpError(400, "row " + i + " column " + j + " is not a finite number");
                }
                rows[i * width + j] = value.floatValue();
            }
        }
        return new EmbedRequest(root.get("modality").asText(), rows, count);
    }

    int width() {
        return rows.length / count;
    }
}
