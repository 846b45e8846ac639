package io.streambind.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.avro.StreamRecord;
import io.streambind.core.config.Profile;
import io.streambind.producer.synthetic.SyntheticOptions;
import io.streambind.schemas.registry.RestSchemaRegistryClient;
import io.streambind.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command at a CI-sized width: embedded broker and registry, the learner, the
 * synthetic 11-step stream for dns/exact, dns/paper and vanilla. DNS must forget less than vanilla.
 */
class DemoIT {
    /** Narrower than the default 1024 so the whole run fits CI; the generator keeps its structure at any width. */
    private static final int DIM = 256;

    @TempDir
    Path out;

    @Test
    void dnsForgetsLessThanVanillaEndToEnd() throws Exception {
        List<DemoMethod> methods = List.of(
                DemoMethod.parse("dns-exact", Profile.EXACT),
                DemoMethod.parse("dns-paper", Profile.EXACT),
                DemoMethod.parse("vanilla", Profile.EXACT));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(printed, true, StandardCharsets.UTF_8);

        List<Demo.MethodResult> results = new Demo(
                        new Demo.Options(
                                SyntheticOptions.small(DIM, 0),
                                methods,
                                Demo.DEFAULT_LEARNING_RATE,
                                out,
                                false,
                                Duration.ofMinutes(10)),
                        console)
                .run()
                .methods();
        System.out.print(printed.toString(StandardCharsets.UTF_8));

        Demo.MethodResult dns = results.get(0);
        Demo.MethodResult vanilla = results.get(2);
        assertThat(dns.table().rows()).isEqualTo(11);
        assertThat(vanilla.table().rows()).isEqualTo(11);
        double dnsBwt = dns.table().backwardTransferRecall10().orElseThrow();
        double vanillaBwt = vanilla.table().backwardTransferRecall10().orElseThrow();
        assertThat(vanillaBwt).as("vanilla forgets").isNegative();
        assertThat(Math.abs(dnsBwt)).as("|BWT_R10| dns/exact vs vanilla").isLessThan(Math.abs(vanillaBwt));
        double dnsDeviation = dns.table().meanStabilityDeviation().orElseThrow();
        double vanillaDeviation = vanilla.table().meanStabilityDeviation().orElseThrow();
        assertThat(dnsDeviation * 10)
                .as("mean stability deviation, dns/exact x 10 vs vanilla")
                .isLessThan(vanillaDeviation);

        Path report = out.resolve("report.html");
        assertThat(report).exists();
        assertThat(Files.readString(report)).contains("demo-dns-exact", "demo-vanilla", "BWT");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("[4/4] Results", "dns-exact", "vanilla");
    }

    /**
     * The benchmark's way onto a running cluster: a stack started here stands for it. The run uses its own
     * topics and application id and removes them, so the cluster keeps only what it had, and the schemas.
     */
    @Test
    void aRunOnAGivenClusterUsesTopicsOfItsOwnAndRemovesThem(@TempDir Path kafka) throws Exception {
        try (EmbeddedStack cluster = EmbeddedStack.start(kafka)) {
            Set<String> before = topicNames(cluster);
            SchemaRegistryClient registry = RestSchemaRegistryClient.forUrl(cluster.registryUrl());
            List<String> subjectsBefore = registry.subjects();
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            Demo.Result result = new Demo(
                            new Demo.Options(
                                    SyntheticOptions.small(64, 3),
                                    List.of(DemoMethod.parse("dns-exact", Profile.EXACT)),
                                    Demo.DEFAULT_LEARNING_RATE,
                                    out,
                                    false,
                                    Duration.ofMinutes(5),
                                    true,
                                    cluster.clientProperties()),
                            new PrintStream(printed, true, StandardCharsets.UTF_8))
                    .run();

            assertThat(result.methods().get(0).table().rows()).isEqualTo(11);
            assertThat(result.changelogBytes()).isPositive();
            String console = printed.toString(StandardCharsets.UTF_8);
            assertThat(console)
                    .contains("Using the cluster at " + cluster.bootstrapServers())
                    .doesNotContain("Starting the embedded");
            String run =
                    console.replaceAll("(?s).*this run's topics start with (streambind-bench-[0-9a-f]{8}).*", "$1");
            assertThat(run).matches("streambind-bench-[0-9a-f]{8}");
            assertThat(topicNames(cluster)).isEqualTo(before);
            assertThat(registry.subjects()).isEqualTo(subjectsBefore);
            // The run did register, and its subject was deleted: a new registration there gets version 2.
            registry.register(run + ".batches-value", StreamRecord.getClassSchema());
            assertThat(registry.versions(run + ".batches-value")).containsExactly(2);
            try (Admin admin = Admin.create(cluster.clientProperties())) {
                assertThat(admin.listConsumerGroups().all().get())
                        .noneMatch(group -> group.groupId().equals(run));
            }
        }
    }

    private static Set<String> topicNames(EmbeddedStack cluster) throws Exception {
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            return admin.listTopics().names().get();
        }
    }
}
