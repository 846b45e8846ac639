package io.streambind.schemas.registry;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

import java.util.ArrayList;
import java.util.List;

/**
 * Confluent's compatibility rules on top of Avro's {@link SchemaCompatibility}, with messages that name
 * the subject, the version and the offending field path, e.g.
 * {@code subject streambind.batches-value, version 1 (BACKWARD): READER_FIELD_MISSING_DEFAULT_VALUE at payload.EmbeddingBatch.scale: scale}.
 */
public final class CompatibilityChecker {
    private CompatibilityChecker() {
    }

    /**
     * @param previous earlier versions of the subject, oldest first
     */
    public static CompatibilityResult check(String subject, Schema candidate, List<Schema> previous, CompatibilityLevel level) {
        if (level == CompatibilityLevel.NONE || previous.isEmpty()) {
            return CompatibilityResult.COMPATIBLE;
        }
        List<String> messages = new ArrayList<>();
        int first = level.transitive() ? 0 : previous.size() - 1;
        for (int i = previous.size() - 1; i >= first; i--) {
            Schema existing = previous.get(i);
            int version = i + 1;
            if (level.checksBackward()) {
                describe(subject, version, "BACKWARD: the new schema must read data written with version " + version,
                        candidate, existing, messages);
            }
            if (level.checksForward()) {
                describe(subject, version, "FORWARD: version " + version + " must read data written with the new schema",
                        existing, candidate, messages);
            }
        }
        return messages.isEmpty() ? CompatibilityResult.COMPATIBLE : new CompatibilityResult(false, messages);
    }

    private static void describe(String subject, int version, String rule, Schema reader, Schema writer, List<String> messages) {
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            messages.add("subject " + subject + ", version " + version + " (" + rule + "): "
                    + incompatibility.getType() + " at " + fieldPath(reader, incompatibility.getLocation())
                    + ": " + incompatibility.getMessage());
        }
    }

    /**
     * Turns Avro's JSON-pointer location (e.g. {@code /fields/0/type/0/fields/12}) into field names
     * (e.g. {@code payload.EmbeddingBatch.labels}), walking the reader schema. Stops at anything unexpected.
     */
    public static String fieldPath(Schema root, String location) {
        StringBuilder path = new StringBuilder();
        Schema current = root;
        String[] steps = location.split("/");
        for (int i = 1; i < steps.length && current != null; i++) {
            String step = steps[i];
            if (step.equals("fields") && i + 1 < steps.length && current.getType() == Schema.Type.RECORD) {
                int index = Integer.parseInt(steps[++i]);
                if (index >= current.getFields().size()) {
                    break;
                }
                Schema.Field field = current.getFields().get(index);
                path.append(path.length() == 0 ? "" : ".").append(field.name());
                current = field.schema();
            } else if (step.equals("type") || step.equals("name")) {
                continue;
            } else if (step.equals("items") && current.getType() == Schema.Type.ARRAY) {
                path.append("[]");
                current = current.getElementType();
            } else if (step.equals("values") && current.getType() == Schema.Type.MAP) {
                path.append("{}");
                current = current.getValueType();
            } else if (current.getType() == Schema.Type.UNION && step.chars().allMatch(Character::isDigit)
                    && Integer.parseInt(step) < current.getTypes().size()) {
                current = current.getTypes().get(Integer.parseInt(step));
                path.append(path.length() == 0 ? "" : ".").append(current.getName());
            } else {
                break;
            }
        }
        return path.length() == 0 ? location : path.toString();
    }
}
