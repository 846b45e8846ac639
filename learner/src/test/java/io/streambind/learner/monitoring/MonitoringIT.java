package io.streambind.learner.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streambind.avro.ClassPrompts;
import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.Split;
import io.streambind.avro.StepReport;
import io.streambind.avro.StreamRecord;
import io.streambind.embedded.EmbeddedKafka;
import io.streambind.learner.LearnerApp;
import io.streambind.learner.LearnerConfig;
import io.streambind.learner.SyntheticBatches;
import io.streambind.learner.metrics.LearnerMeters;
import io.streambind.schemas.registry.EmbeddedSchemaRegistry;
import io.streambind.schemas.registry.RegistryClientConfig;
import io.streambind.schemas.registry.RestSchemaRegistryClient;
import io.streambind.schemas.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A learner on a real broker and registry runs two steps with test pairs and prompts; then its
 * {@code /metrics} must be valid Prometheus text, hold every allow-listed Kafka Streams meter under
 * the name the binder really gives it, and every metric the Grafana dashboards query.
 */
class MonitoringIT {
    private static final String MODEL = "monitored";
    private static final int D = 16;
    private static final int N = 32;
    /** {@code name{labels} value} or {@code name value}; values as Prometheus writes them. */
    private static final Pattern SAMPLE =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)");

    @TempDir
    static Path root;

    private static EmbeddedKafka kafka;
    private static EmbeddedSchemaRegistry registry;
    private static LearnerApp app;
    private static String scrape;
    private static Set<String> binderNames;

    @BeforeAll
    static void runTwoSteps() throws Exception {
        kafka = EmbeddedKafka.start(root.resolve("kafka"));
        registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers());
        Topics topics = new Topics(Map.of(), RestSchemaRegistryClient.forUrl(registry.url()));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(
                            new NewTopic(topics.batches().name(), 1, (short) 1),
                            new NewTopic(topics.reports().name(), 1, (short) 1),
                            new NewTopic(topics.models().name(), 1, (short) 1),
                            new NewTopic(topics.deadLetters().name(), 1, (short) 1)))
                    .all()
                    .get();
        }
        Map<String, String> settings = Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG,
                "monitoring-it-" + UUID.randomUUID(),
                StreamsConfig.STATE_DIR_CONFIG,
                root.resolve("state").toString(),
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                "200",
                RegistryClientConfig.URL_CONFIG,
                registry.url(),
                LearnerConfig.HTTP_PORT,
                "0",
                LearnerConfig.METRICS_KAFKA_REFRESH_MS,
                "500");
        app = LearnerApp.start(settings);
        try (KafkaProducer<String, StreamRecord> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(),
                topics.batches().valueSerde().serializer())) {
            List<Object> records = new ArrayList<>();
            records.add(ClassPrompts.newBuilder(SyntheticBatches.prompts(MODEL, SyntheticBatches.TEXT, 4, D, 1))
                    .setTask("flowers")
                    .build());
            String[] tasks = {"flowers", "sounds"};
            for (int step = 0; step < 2; step++) {
                for (int i = 0; i < 3; i++) {
                    records.add(batch(tasks[step], "s" + step + "b" + i, Split.TRAIN, 10L * step + i));
                }
                records.add(batch(tasks[step], "s" + step + "t", Split.TEST, 100L + step));
                records.add(EmbeddingBatch.newBuilder(batch(tasks[step], "s" + step + "bad", Split.TRAIN, 7))
                        .setWidthA(D + 1)
                        .build());
                records.add(SyntheticBatches.marker(MODEL, step));
            }
            for (Object record : records) {
                producer.send(new ProducerRecord<>(topics.batches().name(), MODEL, SyntheticBatches.wrap(record)));
            }
        }
        awaitReports(topics, 2);
        // The binder's own names, unfiltered, to check the allow-list against what Kafka really reports.
        SimpleMeterRegistry unfiltered = new SimpleMeterRegistry();
        try (KafkaStreamsMetrics binder = new KafkaStreamsMetrics(app.streams())) {
            binder.bindTo(unfiltered);
            binderNames = new TreeSet<>(unfiltered.getMeters().stream()
                    .map(m -> m.getId().getName())
                    .toList());
        }
        scrape = awaitScrapeWith("kafka_stream_task_restore_rate");
    }

    /** The binder picks up the task-level metrics at its next refresh after the tasks were created. */
    private static String awaitScrapeWith(String name) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String text = get("/metrics");
        while (!text.contains(name) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            text = get("/metrics");
        }
        return text;
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        registry.close();
        kafka.close();
    }

    @Test
    void metricsAreValidPrometheusTextWithoutSentinelsOrDuplicateTypes() {
        Set<String> typed = new HashSet<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                assertThat(typed.add(line.split(" ")[2]))
                        .as("TYPE once: " + line)
                        .isTrue();
            } else if (!line.startsWith("# HELP ") && !line.isEmpty()) {
                assertThat(line).as("sample line").matches(SAMPLE);
                assertThat(line).as("sentinel value").doesNotContain("restore_remaining");
            }
        }
        assertThat(sampleNames())
                .contains(
                        "streambind_batches_trained_total",
                        "streambind_eval_bwt",
                        "streambind_dlq_records_total",
                        "jvm_memory_used_bytes",
                        "process_cpu_usage",
                        "streambind_plasticity_loss_drop");
        assertThat(scrape).contains("streambind_dlq_records_total{reason=\"empty-or-ragged\"} 2.0");
    }

    @Test
    void everyAllowListedKafkaMeterIsARealBinderNameAndIsExported() {
        System.out.println("Kafka Streams binder names (unfiltered): " + binderNames.size());
        binderNames.stream()
                .filter(n -> n.matches(".*(process|commit|poll|restore|lag|task\\.(created|closed)|thread).*"))
                .forEach(n -> System.out.println("  " + n));
        assertThat(binderNames).containsAll(LearnerMeters.KAFKA_ALLOWED);
        Set<String> exported = sampleNames();
        for (String allowed : LearnerMeters.KAFKA_ALLOWED) {
            String name = allowed.replace('.', '_');
            // The binder exports cumulative figures as counters, with Prometheus' _total.
            assertThat(exported.contains(name) || exported.contains(name + "_total"))
                    .as("exported: " + name)
                    .isTrue();
        }
        assertThat(exported.stream().filter(n -> n.startsWith("kafka_")).count())
                .as("only the allow-list")
                .isLessThanOrEqualTo(LearnerMeters.KAFKA_ALLOWED.size());
    }

    @Test
    void everyMetricTheDashboardsQueryIsExported() throws Exception {
        Map<String, Set<String>> used = Dashboards.metricNames(Dashboards.directory());
        assertThat(used).containsKeys("drift.json", "training.json", "health.json");
        Set<String> exported = sampleNames();
        used.forEach((dashboard, names) -> assertThat(exported).as(dashboard).containsAll(names));
    }

    private static Set<String> sampleNames() {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.matches()) {
                names.add(sample.group(1));
            }
        }
        return names;
    }

    private static EmbeddingBatch batch(String task, String id, Split split, long seed) {
        return EmbeddingBatch.newBuilder(SyntheticBatches.batch(MODEL, id, split, N, D, seed))
                .setTask(task)
                .setLabels(
                        split == Split.TEST
                                ? IntStream.range(0, N).map(i -> i % 4).boxed().toList()
                                : null)
                .build();
    }

    private static void awaitReports(Topics topics, int count) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        List<StepReport> reports = new ArrayList<>();
        try (KafkaConsumer<String, StepReport> consumer = new KafkaConsumer<>(
                props, new StringDeserializer(), topics.reports().valueSerde().deserializer())) {
            consumer.subscribe(List.of(topics.reports().name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (reports.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, StepReport> record : consumer.poll(Duration.ofMillis(200))) {
                    reports.add(record.value());
                }
            }
        }
        assertThat(reports).hasSize(count);
        assertThat(reports.get(1).getEvaluation().getBwtR10()).isNotNull();
        assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    private static String get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
