package io.streambind.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry API StreamBind uses. Implementations cache what is
 * immutable (id to schema, subject + schema to id) and are safe to share between threads.
 */
public interface SchemaRegistryClient {

    /** Registers {@code schema} under {@code subject} (or finds it already there) and returns its global id. */
    int register(String subject, Schema schema);

    /**
     * The version {@code schema} already has under {@code subject}, without registering it; throws
     * {@link SchemaRegistryException} with code 40401 (no such subject) or 40403 (not under it).
     */
    SchemaVersion lookup(String subject, Schema schema);

    /** The schema with this global id; throws {@link SchemaRegistryException} with code 40403 if unknown. */
    Schema schemaById(int id);

    /** Whether {@code schema} may be registered next under {@code subject}, with the reasons when not. */
    CompatibilityResult testCompatibility(String subject, Schema schema);

    List<String> subjects();

    List<Integer> versions(String subject);

    SchemaVersion version(String subject, int version);

    SchemaVersion latestVersion(String subject);

    /**
     * Soft-deletes every version of {@code subject} (Confluent's {@code DELETE /subjects/{subject}}) and
     * returns their numbers: the subject leaves the listing, its schemas stay readable by id for records
     * already written with them. Throws {@link SchemaRegistryException} with code 40401 if there is no such subject.
     */
    List<Integer> deleteSubject(String subject);

    /** Sets the subject's compatibility level (overrides the global one). */
    void setCompatibility(String subject, CompatibilityLevel level);

    CompatibilityLevel globalCompatibility();
}
