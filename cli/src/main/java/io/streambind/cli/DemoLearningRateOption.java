package io.streambind.cli;

import io.streambind.cli.demo.Demo;
import picocli.CommandLine.Option;

/** {@code --lr} of the benchmarks that train the demo's synthetic stream, at the demo's rate unless given. */
final class DemoLearningRateOption {
    @Option(
            names = "--lr",
            defaultValue = "" + Demo.DEFAULT_LEARNING_RATE,
            description = "AdamW learning rate (default ${DEFAULT-VALUE}, as the demo).")
    double learningRate;

    double value() {
        return learningRate;
    }
}
