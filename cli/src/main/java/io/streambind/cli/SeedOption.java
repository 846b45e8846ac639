package io.streambind.cli;

import picocli.CommandLine.Option;

/** {@code --seed}: the seed of the stream a command generates or builds. */
final class SeedOption {
    @Option(
            names = "--seed",
            defaultValue = "0",
            description =
                    "Seed of the stream (its data or train/test split, and its batch order); the same seed gives the"
                            + " same stream (default: ${DEFAULT-VALUE}).")
    long seed;

    long value() {
        return seed;
    }
}
