package io.streambind.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * The embedded registry's state: global ids, per-subject versions and compatibility settings. Pure
 * in-memory bookkeeping; {@link KafkaSchemaLog} makes it durable by replaying the same events. Not
 * thread-safe: the registry serialises access.
 */
final class SchemaStore {
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    /** Identical schemas share one global id across subjects, as in Confluent's registry. */
    private final Map<String, Integer> idsByText = new HashMap<>();

    private final Map<String, List<SchemaVersion>> versionsBySubject = new TreeMap<>();
    /** Highest version each subject ever had, deleted ones included: a deleted version's number is not reused. */
    private final Map<String, Integer> lastVersions = new HashMap<>();

    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int maxId;

    SchemaStore(CompatibilityLevel defaultLevel) {
        this.globalLevel = defaultLevel;
    }

    /** Records a registration; versions arrive in order, as they were appended to the log. */
    void putVersion(SchemaVersion version) {
        schemasById.put(version.id(), version.schema());
        idsByText.putIfAbsent(key(version.schema()), version.id());
        versionsBySubject
                .computeIfAbsent(version.subject(), s -> new ArrayList<>())
                .add(version);
        lastVersions.merge(version.subject(), version.version(), Math::max);
        maxId = Math.max(maxId, version.id());
    }

    /**
     * Records a soft deletion: the version leaves its subject (a subject without versions leaves the
     * listing) while its schema stays readable by id, for records already written with it.
     */
    void deleteVersion(String subject, int version) {
        List<SchemaVersion> versions = versionsBySubject.get(subject);
        if (versions != null) {
            versions.removeIf(v -> v.version() == version);
            if (versions.isEmpty()) {
                versionsBySubject.remove(subject);
            }
        }
        lastVersions.merge(subject, version, Math::max);
    }

    void putLevel(String subject, CompatibilityLevel level) {
        if (subject == null) {
            globalLevel = level;
        } else {
            subjectLevels.put(subject, level);
        }
    }

    /** The version of {@code subject} holding exactly {@code schema}, if any. */
    Optional<SchemaVersion> find(String subject, Schema schema) {
        String key = key(schema);
        return versions(subject).stream()
                .filter(v -> key(v.schema()).equals(key))
                .findFirst();
    }

    /** The id an identical schema already has under any subject, else the next free id. */
    int idFor(Schema schema) {
        return idsByText.getOrDefault(key(schema), maxId + 1);
    }

    int nextVersion(String subject) {
        return lastVersions.getOrDefault(subject, 0) + 1;
    }

    Schema schemaById(int id) {
        return schemasById.get(id);
    }

    List<String> subjects() {
        return List.copyOf(versionsBySubject.keySet());
    }

    List<SchemaVersion> versions(String subject) {
        return versionsBySubject.getOrDefault(subject, List.of());
    }

    CompatibilityLevel levelOf(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    /** Parsed-and-printed form: insensitive to whitespace and key order, sensitive to defaults and docs. */
    private static String key(Schema schema) {
        return schema.toString();
    }
}
