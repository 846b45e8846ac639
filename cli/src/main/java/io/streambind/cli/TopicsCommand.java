package io.streambind.cli;

import io.streambind.schemas.topics.TopicProvisioner;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description =
                "Creates the missing StreamBind topics (batches, reports, models, dlq) with the record size the learner needs.")
public final class TopicsCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(
            names = "--partitions",
            defaultValue = "6",
            description = "Partitions per topic; models (keys) spread over them (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--replication-factor",
            defaultValue = "1",
            description = "Replication factor (default: ${DEFAULT-VALUE}; use 3 in production).")
    short replicationFactor;

    @Option(
            names = "--max-record-bytes",
            defaultValue = "1048588",
            description = "max.message.bytes of the batches, models and dlq topics (default: ${DEFAULT-VALUE}).")
    int maxRecordBytes;

    @Override
    public Integer call() {
        List<String> created = TopicProvisioner.createMissing(
                connection.clientProperties(), connection.topics(), partitions, replicationFactor, maxRecordBytes);
        System.out.println(
                created.isEmpty() ? "All topics exist already." : "Created " + String.join(", ", created) + ".");
        return 0;
    }
}
