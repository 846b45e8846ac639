package io.streambind.learner.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambind.core.config.DnsConfig;
import io.streambind.core.model.ContinualModel;
import io.streambind.learner.state.Manifest;
import io.streambind.learner.state.SourcePosition;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotProvenanceTest {
    @Test
    void aPublishedVersionNamesItsCodeAndNumericPathOnceEach() throws Exception {
        ContinualModel model = new ContinualModel(DnsConfig.defaults());
        model.train("a", new float[8], 4, "b", new float[8], 4, 2);
        model.endStep();
        Manifest manifest = Manifest.fresh("m");
        String json = SnapshotChunks.provenanceJson(
                model.provenance(),
                manifest,
                new SourcePosition("streambind.batches", 3, 41),
                Map.of("a", 1L, "b", 1L));

        JsonNode provenance = new ObjectMapper().readTree(json);
        assertThat(provenance.get("version").asLong()).isEqualTo(1);
        assertThat(provenance.has("stepsClosed"))
                .as("the version is the number of steps closed, said once")
                .isFalse();
        assertThat(provenance.get("batchesSeen").asLong()).isEqualTo(1);
        assertThat(provenance.at("/source/markerOffset").asLong()).isEqualTo(41);
        assertThat(provenance.at("/config/" + DnsConfig.METHOD).asText()).isEqualTo("dns");
        JsonNode runtime = provenance.get("runtime");
        assertThat(runtime.get("streambindVersion").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(runtime.get("javaVersion").asText()).isEqualTo(System.getProperty("java.version"));
        assertThat(runtime.get("arch").asText()).isEqualTo(System.getProperty("os.arch"));
        assertThat(runtime.get("nd4jBackend").asText()).isNotBlank();
        assertThat(runtime.get("blasCoreType").asText())
                .isEqualTo(System.getenv().getOrDefault("OPENBLAS_CORETYPE", "auto"));
        assertThat(runtime.get("blasThreads").asInt()).isPositive();
    }
}
