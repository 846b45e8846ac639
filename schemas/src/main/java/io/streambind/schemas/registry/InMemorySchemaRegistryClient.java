package io.streambind.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * A registry inside the client: same rules and error codes as {@link EmbeddedSchemaRegistry}, nothing
 * kept after the JVM exits. For unit tests and Kafka Streams' TopologyTestDriver, where no HTTP
 * registry runs.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {
    private final RegistryService service;

    public InMemorySchemaRegistryClient() {
        this(CompatibilityLevel.BACKWARD);
    }

    public InMemorySchemaRegistryClient(CompatibilityLevel globalLevel) {
        this.service = new RegistryService(new SchemaStore(globalLevel), SchemaEventLog.NONE);
    }

    @Override
    public int register(String subject, Schema schema) {
        return service.register(subject, schema.toString());
    }

    @Override
    public SchemaVersion lookup(String subject, Schema schema) {
        return service.lookup(subject, schema.toString());
    }

    @Override
    public Schema schemaById(int id) {
        return service.schemaById(id);
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        return service.testCompatibility(subject, "latest", schema.toString());
    }

    @Override
    public List<String> subjects() {
        return service.subjects();
    }

    @Override
    public List<Integer> versions(String subject) {
        return service.versions(subject);
    }

    @Override
    public SchemaVersion version(String subject, int version) {
        return service.version(subject, Integer.toString(version));
    }

    @Override
    public SchemaVersion latestVersion(String subject) {
        return service.version(subject, "latest");
    }

    @Override
    public List<Integer> deleteSubject(String subject) {
        return service.deleteSubject(subject);
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        service.setLevel(subject, level.name());
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return service.level(null);
    }
}
