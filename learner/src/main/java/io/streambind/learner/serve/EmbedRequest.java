package io.streambind.learner.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * {@code {"modality":"text","vectors":[[...],...]}}, read with a streaming parser as the body arrives:
 * the rows are counted and measured as they come, so a request over the limits is refused at the first
 * row or value beyond them, and what it holds never exceeds max vectors x max width floats.
 */
record EmbedRequest(String modality, float[] rows, int count) {
    private static final JsonFactory JSON = new JsonFactory();
    /** Largest Java array, with the margin some JVMs keep. */
    private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    /**
     * @param maxVectors most rows a request may carry (more: 413)
     * @param maxWidth   values a row may hold: the widest head of the model (more: 400)
     */
    static EmbedRequest read(InputStream body, int maxVectors, int maxWidth) throws HttpError {
        try (JsonParser parser = JSON.createParser(body)) {
            return read(parser, maxVectors, maxWidth);
        } catch (JsonProcessingException e) {
            throw new HttpError(400, "body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw RequestBody.error(e);
        }
    }

    private static EmbedRequest read(JsonParser parser, int maxVectors, int maxWidth) throws IOException, HttpError {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw shape();
        }
        String modality = null;
        Rows rows = null;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            if (token != JsonToken.FIELD_NAME) {
                throw shape();
            }
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("modality") && value == JsonToken.VALUE_STRING) {
                modality = parser.getText();
            } else if (field.equals("vectors") && value == JsonToken.START_ARRAY) {
                rows = readRows(parser, maxVectors, maxWidth);
            } else if (field.equals("modality") || field.equals("vectors")) {
                throw shape();
            } else {
                parser.skipChildren();
            }
        }
        if (modality == null || rows == null) {
            throw shape();
        }
        if (rows.count == 0) {
            throw new HttpError(400, "vectors must hold 1 to " + maxVectors + " rows, got 0");
        }
        return new EmbedRequest(modality, rows.values(), rows.count);
    }

    private static Rows readRows(JsonParser parser, int maxVectors, int maxWidth) throws IOException, HttpError {
        Rows rows = new Rows();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (rows.count == maxVectors) {
                throw new HttpError(413, "vectors must hold 1 to " + maxVectors + " rows (learner.embed.max.vectors)");
            }
            if (token != JsonToken.START_ARRAY) {
                throw new HttpError(400, "row " + rows.count + " is not an array of numbers");
            }
            int width = 0;
            for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                if (rows.width > 0 ? width == rows.width : width == maxWidth) {
                    throw new HttpError(
                            400,
                            "row " + rows.count + " has more than " + width + " values"
                                    + (rows.width > 0
                                            ? ", row 0 has " + rows.width
                                            : ", the most any head of the model takes"));
                }
                rows.add(rows.count, width++, number(parser, rows.count, width - 1));
            }
            if (width == 0) {
                throw new HttpError(400, "vectors must not be empty");
            }
            if (rows.width > 0 && width != rows.width) {
                throw new HttpError(400, "row " + rows.count + " has " + width + " values, row 0 has " + rows.width);
            }
            rows.width = width;
            rows.count++;
        }
        return rows;
    }

    private static float number(JsonParser parser, int row, int column) throws IOException, HttpError {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return (float) parser.getLongValue();
        }
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            double value = parser.getDoubleValue();
            if (Double.isFinite(value)) {
                return (float) value;
            }
        }
        throw new HttpError(400, "row " + row + " column " + column + " is not a finite number");
    }

    private static HttpError shape() {
        return new HttpError(400, "expected {\"modality\": \"<name>\", \"vectors\": [[...], ...]}");
    }

    int width() {
        return rows.length / count;
    }

    /** Rows as they are parsed, in one array that doubles as it fills. */
    private static final class Rows {
        private float[] values = new float[256];
        private int count;
        private int width; // 0 until row 0 is complete

        void add(int row, int column, float value) throws HttpError {
            long index = row == 0 ? column : (long) row * width + column;
            if (index >= MAX_VALUES) {
                throw new HttpError(413, "vectors hold more values than one request can carry");
            }
            if (index >= values.length) {
                values = Arrays.copyOf(values, (int) Math.min(MAX_VALUES, 2L * values.length));
            }
            values[(int) index] = value;
        }

        float[] values() {
            return Arrays.copyOf(values, count * width);
        }
    }
}
