package io.streambind.cli;

import io.streambind.producer.synthetic.SyntheticOptions;
import picocli.CommandLine.Option;

/** {@code --dim}: the embedding width of what a command generates, shared by the demo, the benchmarks and the producer. */
final class DimOption {
    @Option(
            names = "--dim",
            defaultValue = "" + SyntheticOptions.DEFAULT_DIM,
            description =
                    "Embedding width d of every modality of the streams and batches generated here (default: ${DEFAULT-VALUE}).")
    int dim;

    int value() {
        return dim;
    }
}
