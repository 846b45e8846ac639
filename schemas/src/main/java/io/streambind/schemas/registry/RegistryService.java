package io.streambind.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The embedded registry's operations: each mutation is written to the schema topic first and applied
 * to the in-memory store only once acknowledged, so what a client saw survives a restart. Failures are
 * {@link SchemaRegistryException}s carrying Confluent's status and error codes.
 */
final class RegistryService {
    private final SchemaStore store;
    private final SchemaEventLog log;

    RegistryService(SchemaStore store, SchemaEventLog log) {
        this.store = store;
        this.log = log;
    }

    synchronized int register(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        var existing = store.find(subject, schema);
        if (existing.isPresent()) {
            return existing.get().id();
        }
        List<Schema> previous =
                store.versions(subject).stream().map(SchemaVersion::schema).toList();
        CompatibilityResult result = CompatibilityChecker.check(subject, schema, previous, store.levelOf(subject));
        if (!result.compatible()) {
            throw new SchemaRegistryException(
                    409,
                    SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject + "\": "
                            + String.join("; ", result.messages()));
        }
        SchemaVersion version = new SchemaVersion(subject, store.nextVersion(subject), store.idFor(schema), schema);
        log.appendVersion(version);
        store.putVersion(version);
        return version.id();
    }

    synchronized SchemaVersion lookup(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        versionsOf(subject);
        return store.find(subject, schema)
                .orElseThrow(() -> new SchemaRegistryException(
                        404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema not found under subject " + subject));
    }

    synchronized Schema schemaById(int id) {
        Schema schema = store.schemaById(id);
        if (schema == null) {
            throw new SchemaRegistryException(
                    404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return schema;
    }

    synchronized CompatibilityResult testCompatibility(String subject, String version, String schemaText) {
        Schema schema = parse(schemaText);
        SchemaVersion against = version(subject, version);
        return CompatibilityChecker.check(subject, schema, List.of(against.schema()), store.levelOf(subject));
    }

    synchronized List<String> subjects() {
        return store.subjects();
    }

    synchronized List<Integer> versions(String subject) {
        return versionsOf(subject).stream().map(SchemaVersion::version).toList();
    }

    synchronized SchemaVersion version(String subject, String version) {
        List<SchemaVersion> versions = versionsOf(subject);
        if (version.equals("latest") || version.equals("-1")) {
            return versions.get(versions.size() - 1);
        }
        int number;
        try {
            number = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw invalidVersion(version);
        }
        if (number < 1) {
            throw invalidVersion(version);
        }
        return versions.stream()
                .filter(v -> v.version() == number)
                .findFirst()
                .orElseThrow(() -> new SchemaRegistryException(
                        404,
                        SchemaRegistryException.VERSION_NOT_FOUND,
                        "Version " + version + " not found for subject " + subject));
    }

    /** Soft-deletes every version of {@code subject}; returns their numbers. Their schemas stay readable by id. */
    synchronized List<Integer> deleteSubject(String subject) {
        List<SchemaVersion> versions = List.copyOf(versionsOf(subject));
        for (SchemaVersion version : versions) {
            log.appendDeletion(version);
            store.deleteVersion(subject, version.version());
        }
        return versions.stream().map(SchemaVersion::version).toList();
    }

    synchronized void setLevel(String subject, String level) {
        CompatibilityLevel parsed = parseLevel(level);
        log.appendLevel(subject, parsed);
        store.putLevel(subject, parsed);
    }

    synchronized CompatibilityLevel level(String subject) {
        if (subject == null) {
            return store.globalLevel();
        }
        return store.subjectLevel(subject)
                .orElseThrow(() -> new SchemaRegistryException(
                        404, 40408, "Subject " + subject + " does not have subject-level compatibility configured"));
    }

    private List<SchemaVersion> versionsOf(String subject) {
        List<SchemaVersion> versions = store.versions(subject);
        if (versions.isEmpty()) {
            throw new SchemaRegistryException(
                    404, SchemaRegistryException.SUBJECT_NOT_FOUND, "Subject " + subject + " not found");
        }
        return versions;
    }

    private static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA, "Missing schema");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(
                    422, SchemaRegistryException.INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
        }
    }

    private static CompatibilityLevel parseLevel(String level) {
        try {
            return CompatibilityLevel.valueOf(level);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SchemaRegistryException(
                    422, SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL, "Invalid compatibility level " + level);
        }
    }

    private static SchemaRegistryException invalidVersion(String version) {
        return new SchemaRegistryException(
                422,
                SchemaRegistryException.INVALID_VERSION,
                "The specified version '" + version + "' is not a valid version id");
    }
}
