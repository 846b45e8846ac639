package io.streambind.learner.process;

import io.streambind.schemas.registry.SchemaRegistryException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * Exceptions that are not a record's fault and must not dead-letter it: Kafka Streams' own (a store, a
 * producer fenced, a task migrated), a registry that cannot be reached (the record is retried once it
 * is back), and configuration errors (a wrong registry URL would dead-letter every valid record). They
 * fail the stream thread; exactly-once aborts the transaction and the record is read again.
 */
final class InfrastructureFaults {
    private InfrastructureFaults() {}

    static boolean matches(RuntimeException e) {
        return e instanceof StreamsException || e instanceof SchemaRegistryException || e instanceof ConfigException;
    }
}
