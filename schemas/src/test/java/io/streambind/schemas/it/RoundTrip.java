package io.streambind.schemas.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.schemas.SampleRecords;
import io.streambind.schemas.topics.Topic;
import io.streambind.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/** Sends one record of every contract type through a real broker with the {@link Topics} serdes and reads them back. */
final class RoundTrip {
    private RoundTrip() {}

    static void everyRecordType(String bootstrapServers, Topics topics) throws Exception {
        createTopics(bootstrapServers, topics.applicationTopicNames());
        var batches = List.of(
                SampleRecords.batchRecord(64, 128, 32), SampleRecords.markerRecord(), SampleRecords.promptsRecord());
        assertThat(sendAndReadBack(bootstrapServers, topics.batches(), batches)).containsExactlyElementsOf(batches);
        assertThat(sendAndReadBack(bootstrapServers, topics.reports(), List.of(SampleRecords.report())))
                .containsExactly(SampleRecords.report());
        assertThat(sendAndReadBack(bootstrapServers, topics.models(), List.of(SampleRecords.chunk())))
                .containsExactly(SampleRecords.chunk());
    }

    static void createTopics(String bootstrapServers, List<String> names) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (String name : names) {
                try {
                    admin.createTopics(List.of(new NewTopic(name, 1, (short) 1)))
                            .all()
                            .get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    /** Appends {@code values} (keyed "m1") and returns every value of the topic's partition 0, from the beginning. */
    static <V> List<V> sendAndReadBack(String bootstrapServers, Topic<String, V> topic, List<V> values)
            throws Exception {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            for (V value : values) {
                producer.send(new ProducerRecord<>(topic.name(), 0, "m1", value))
                        .get();
            }
        }
        return readAll(bootstrapServers, topic);
    }

    static <V> List<V> readAll(String bootstrapServers, Topic<String, V> topic) {
        TopicPartition partition = new TopicPartition(topic.name(), 0);
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            long end = consumer.endOffsets(Set.of(partition)).get(partition);
            List<V> read = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (consumer.position(partition) < end && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
            }
            return read;
        }
    }
}
