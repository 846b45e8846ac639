package io.streambind.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambind.avro.ModelSnapshotChunk;
import io.streambind.avro.StepReport;
import io.streambind.avro.StreamRecord;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The registry rules shared by the in-memory and the embedded (HTTP, Kafka-backed) registry. */
class RegistryRulesTest {
    private final SchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void idsAreGlobalAndVersionsPerSubject() {
        int reports = registry.register("streambind.reports-value", StepReport.getClassSchema());
        int chunks = registry.register("streambind.models-value", ModelSnapshotChunk.getClassSchema());
        int again = registry.register(
                "streambind.reports-value",
                new Schema.Parser().parse(StepReport.getClassSchema().toString(true)));
        int sameSchemaOtherSubject = registry.register("copy-value", StepReport.getClassSchema());
        Schema evolved = Schemas.withField(ModelSnapshotChunk.getClassSchema(), "note", Schemas.optionalString(), true);
        int evolvedId = registry.register("streambind.models-value", evolved);

        assertThat(List.of(reports, chunks, evolvedId)).containsExactly(1, 2, 3);
        assertThat(again).as("identical re-registration").isEqualTo(reports);
        assertThat(sameSchemaOtherSubject).isEqualTo(reports);
        assertThat(registry.versions("streambind.models-value")).containsExactly(1, 2);
        assertThat(registry.latestVersion("streambind.models-value"))
                .isEqualTo(new SchemaVersion("streambind.models-value", 2, 3, evolved));
        assertThat(registry.version("streambind.models-value", 1).schema())
                .isEqualTo(ModelSnapshotChunk.getClassSchema());
        assertThat(registry.subjects())
                .containsExactly("copy-value", "streambind.models-value", "streambind.reports-value");
        assertThat(registry.schemaById(3)).isEqualTo(evolved);
    }

    @Test
    void deletingASubjectHidesItsVersionsKeepsTheirIdsAndNeverReusesTheirNumbers() {
        int reports = registry.register("run.reports-value", StepReport.getClassSchema());
        Schema evolved = Schemas.withField(StepReport.getClassSchema(), "note", Schemas.optionalString(), true);
        int evolvedId = registry.register("run.reports-value", evolved);
        registry.register("kept-value", ModelSnapshotChunk.getClassSchema());

        assertThat(registry.deleteSubject("run.reports-value")).containsExactly(1, 2);

        assertThat(registry.subjects()).containsExactly("kept-value");
        assertThat(registry.schemaById(reports))
                .as("records written with it stay readable")
                .isEqualTo(StepReport.getClassSchema());
        assertThatThrownBy(() -> registry.versions("run.reports-value"))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
        assertThatThrownBy(() -> registry.lookup("run.reports-value", evolved))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
        assertThatThrownBy(() -> registry.deleteSubject("run.reports-value"))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));

        // Registering again starts a new history: no compatibility with deleted versions, same id, next number.
        assertThat(registry.register("run.reports-value", StepReport.getClassSchema()))
                .isEqualTo(reports);
        assertThat(registry.latestVersion("run.reports-value"))
                .isEqualTo(new SchemaVersion("run.reports-value", 3, reports, StepReport.getClassSchema()));
        assertThat(registry.schemaById(evolvedId)).isEqualTo(evolved);
    }

    @Test
    void backwardByDefaultRefusesARequiredFieldAndNamesSubjectAndField() {
        registry.register("streambind.batches-value", StreamRecord.getClassSchema());
        Schema withRequiredScale = Schemas.withNestedField(
                StreamRecord.getClassSchema(), "EmbeddingBatch", "scale", Schema.create(Schema.Type.FLOAT));

        CompatibilityResult result = registry.testCompatibility("streambind.batches-value", withRequiredScale);
        assertThat(result.compatible()).isFalse();
        assertThat(result.messages())
                .singleElement()
                .asString()
                .contains("streambind.batches-value")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("payload.EmbeddingBatch.scale");

        assertThatThrownBy(() -> registry.register("streambind.batches-value", withRequiredScale))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
                })
                .hasMessageContaining("\"streambind.batches-value\"")
                .hasMessageContaining("payload.EmbeddingBatch.scale");
        assertThat(registry.versions("streambind.batches-value")).containsExactly(1);
    }

    @Test
    void addingAnOptionalFieldOrAUnionMemberAtTheEndIsBackwardCompatible() {
        registry.register("streambind.batches-value", StreamRecord.getClassSchema());
        Schema optionalField = Schemas.withNestedField(
                StreamRecord.getClassSchema(), "EmbeddingBatch", "note", Schemas.optionalString());
        assertThat(registry.testCompatibility("streambind.batches-value", optionalField))
                .isEqualTo(CompatibilityResult.COMPATIBLE);
        Schema newMember = Schemas.withUnionMember(
                StreamRecord.getClassSchema(),
                Schema.createRecord(
                        "Heartbeat",
                        null,
                        "io.streambind.avro",
                        false,
                        List.of(new Schema.Field("at", Schema.create(Schema.Type.LONG)))));
        assertThat(registry.testCompatibility("streambind.batches-value", newMember)
                        .compatible())
                .isTrue();
    }

    @Test
    void levelsAreSettablePerSubjectAndTransitiveChecksEveryVersion() {
        Schema v1 = ModelSnapshotChunk.getClassSchema();
        Schema v2 = Schemas.withField(v1, "note", Schemas.optionalString(), true);
        Schema v3NoteRequired = Schemas.withField(v1, "note", Schema.create(Schema.Type.STRING), false);
        registry.register("s", v1);
        registry.register("s", v2);
        registry.setCompatibility("s", CompatibilityLevel.FORWARD_TRANSITIVE);

        // FORWARD: older readers read new data. v1 ignores the extra field; v2 has a default either way.
        assertThat(registry.register("s", v3NoteRequired)).isEqualTo(3);
        assertThat(registry.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);

        registry.setCompatibility("s", CompatibilityLevel.BACKWARD_TRANSITIVE);
        Schema dropsData =
                Schemas.withoutField(Schemas.withField(v1, "note", Schema.create(Schema.Type.STRING), false), "data");
        // Reads v3 (has note) but not v1/v2 written without a note... v2 wrote note as optional union: type mismatch.
        CompatibilityResult result = CompatibilityChecker.check(
                "s", dropsData, List.of(v1, v2, v3NoteRequired), CompatibilityLevel.BACKWARD_TRANSITIVE);
        assertThat(result.messages())
                .anyMatch(m -> m.contains("version 1") && m.contains("note"))
                .anyMatch(m -> m.contains("version 2") && m.contains("note"))
                .noneMatch(m -> m.contains("version 3"));
        assertThatThrownBy(() -> registry.register("s", dropsData)).isInstanceOf(SchemaRegistryException.class);

        registry.setCompatibility("s", CompatibilityLevel.NONE);
        assertThat(registry.register("s", dropsData)).isEqualTo(4);
    }

    @Test
    void errorsCarryConfluentCodes() {
        assertThatThrownBy(() -> registry.schemaById(42))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
        assertThatThrownBy(() -> registry.versions("nope"))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
        registry.register("s", StepReport.getClassSchema());
        assertThatThrownBy(() -> registry.version("s", 9))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.VERSION_NOT_FOUND));
    }
}
