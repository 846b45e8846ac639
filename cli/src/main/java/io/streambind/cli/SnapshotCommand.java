package io.streambind.cli;

import io.streambind.learner.snapshot.SnapshotFetcher;
import io.streambind.learner.snapshot.SnapshotFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./streambind snapshot}: writes one published model version as .npy heads plus provenance.json. */
// No mixinStandardHelpOptions: its -V/--version would take the --version this command needs.
@Command(
        name = "snapshot",
        description =
                "Fetch a model version from streambind.models and write <modality>.W.npy, <modality>.b.npy and provenance.json.")
public final class SnapshotCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--model", required = true, description = "Model id.")
    String model;

    @Option(names = "--version", required = true, description = "Snapshot version (number of closed steps).")
    long version;

    @Option(names = "--out", required = true, description = "Directory to write into.")
    Path out;

    @Option(
            names = "--timeout",
            defaultValue = "PT60S",
            description = "How long to read the models topic at most (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws IOException {
        SnapshotFetcher.Fetched snapshot = SnapshotFetcher.fetch(
                connection.clientConfig(), connection.topics().models(), model, version, timeout);
        try {
            SnapshotFiles.write(out, snapshot);
        } catch (IllegalArgumentException e) {
            System.err.println("snapshot: " + e.getMessage());
            return 1;
        }
        System.out.println(
                "wrote " + snapshot.heads().heads().keySet() + " heads of " + model + " v" + version + " to " + out);
        return 0;
    }
}
