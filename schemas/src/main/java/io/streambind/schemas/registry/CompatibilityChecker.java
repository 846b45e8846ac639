package io.streambind.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Confluent's compatibility rules on top of Avro's {@link SchemaCompatibility}, with messages that name
 * the subject, the version and the offending field path, e.g.
 * {@code subject streambind.batches-value, version 1 (BACKWARD): READER_FIELD_MISSING_DEFAULT_VALUE at payload.EmbeddingBatch.scale: scale}.
 */
public final class CompatibilityChecker {
    private static final int MAX_UNION_DEPTH = 8;

    private CompatibilityChecker() {}

    /**
     * @param previous earlier versions of the subject, oldest first
     */
    public static CompatibilityResult check(
            String subject, Schema candidate, List<Schema> previous, CompatibilityLevel level) {
        if (level == CompatibilityLevel.NONE || previous.isEmpty()) {
            return CompatibilityResult.COMPATIBLE;
        }
        List<String> messages = new ArrayList<>();
        int first = level.transitive() ? 0 : previous.size() - 1;
        for (int i = previous.size() - 1; i >= first; i--) {
            Schema existing = previous.get(i);
            int version = i + 1;
            if (level.checksBackward()) {
                describe(
                        subject,
                        version,
                        "BACKWARD: the new schema must read data written with version " + version,
                        candidate,
                        existing,
                        messages);
            }
            if (level.checksForward()) {
                describe(
                        subject,
                        version,
                        "FORWARD: version " + version + " must read data written with the new schema",
                        existing,
                        candidate,
                        messages);
            }
        }
        return messages.isEmpty() ? CompatibilityResult.COMPATIBLE : new CompatibilityResult(false, messages);
    }

    private static void describe(
            String subject, int version, String rule, Schema reader, Schema writer, List<String> messages) {
        for (String problem : problems(reader, writer)) {
            messages.add("subject " + subject + ", version " + version + " (" + rule + "): " + problem);
        }
    }

    /**
     * Why {@code reader} cannot read data written with {@code writer}, one line per problem in the form
     * {@code TYPE at field.path: detail}; empty when it can.
     */
    public static List<String> problems(Schema reader, Schema writer) {
        List<String> problems = new ArrayList<>();
        collect(reader, reader, writer, "", problems, 0);
        return problems;
    }

    /**
     * Avro reports a changed record inside a union only as a missing union branch; for StreamRecord's
     * payload union that hides the field that changed. So when the reader union holds a type of the same
     * name, the pair is checked again and its own problems are reported, with the location extended.
     */
    private static void collect(
            Schema root, Schema reader, Schema writer, String prefix, List<String> problems, int depth) {
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            String location = incompatibility.getLocation();
            Schema writerBranch = missingWriterBranch(incompatibility);
            Schema readerUnion = incompatibility.getReaderFragment();
            Integer sameName = writerBranch == null ? null : readerUnion.getIndexNamed(writerBranch.getFullName());
            if (sameName != null && depth < MAX_UNION_DEPTH) {
                String unionLocation = location.substring(0, location.lastIndexOf('/'));
                collect(
                        root,
                        readerUnion.getTypes().get(sameName),
                        writerBranch,
                        prefix + unionLocation + "/" + sameName,
                        problems,
                        depth + 1);
            } else {
                problems.add(incompatibility.getType() + " at " + fieldPath(root, prefix + location) + ": "
                        + incompatibility.getMessage());
            }
        }
    }

    /** For a missing union branch of a named type: that writer branch (the location ends in its index). */
    private static Schema missingWriterBranch(Incompatibility incompatibility) {
        Schema writer = incompatibility.getWriterFragment();
        String location = incompatibility.getLocation();
        int index = index(location.substring(location.lastIndexOf('/') + 1));
        if (incompatibility.getType() != SchemaIncompatibilityType.MISSING_UNION_BRANCH
                || incompatibility.getReaderFragment().getType() != Schema.Type.UNION
                || writer.getType() != Schema.Type.UNION
                || index < 0
                || index >= writer.getTypes().size()) {
            return null;
        }
        Schema branch = writer.getTypes().get(index);
        return isNamed(branch) ? branch : null;
    }

    private static boolean isNamed(Schema schema) {
        return schema.getType() == Schema.Type.RECORD
                || schema.getType() == Schema.Type.ENUM
                || schema.getType() == Schema.Type.FIXED;
    }

    /**
     * Turns Avro's JSON-pointer location (e.g. {@code /fields/0/type/0/fields/12}) into field names
     * (e.g. {@code payload.EmbeddingBatch.labels}), walking the reader schema. Stops at anything unexpected.
     */
    public static String fieldPath(Schema root, String location) {
        StringBuilder path = new StringBuilder();
        Schema current = root;
        String[] steps = location.split("/");
        for (int i = 1; i < steps.length; i++) {
            String step = steps[i];
            if (step.equals("type") || step.equals("name")) {
                continue;
            }
            if (step.equals("fields")
                    && current.getType() == Schema.Type.RECORD
                    && i + 1 < steps.length
                    && index(steps[i + 1]) >= 0
                    && index(steps[i + 1]) < current.getFields().size()) {
                Schema.Field field = current.getFields().get(index(steps[++i]));
                path.append(path.length() == 0 ? "" : ".").append(field.name());
                current = field.schema();
            } else if (step.equals("items") && current.getType() == Schema.Type.ARRAY) {
                path.append("[]");
                current = current.getElementType();
            } else if (step.equals("values") && current.getType() == Schema.Type.MAP) {
                path.append("{}");
                current = current.getValueType();
            } else if (current.getType() == Schema.Type.UNION
                    && index(step) >= 0
                    && index(step) < current.getTypes().size()) {
                current = current.getTypes().get(index(step));
                path.append(path.length() == 0 ? "" : ".").append(current.getName());
            } else {
                break;
            }
        }
        return path.length() == 0 ? location : path.toString();
    }

    /** The number a pointer step holds, -1 when it is not a small non-negative number. */
    private static int index(String step) {
        return !step.isEmpty() && step.length() < 10 && step.chars().allMatch(Character::isDigit)
                ? Integer.parseInt(step)
                : -1;
    }
}
