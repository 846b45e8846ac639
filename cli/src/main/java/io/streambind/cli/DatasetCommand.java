package io.streambind.cli;

import io.streambind.dataset.wordnet.WordNetScale;
import io.streambind.dataset.wordnet.WordNetStreamBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./streambind dataset}: stream directories of real embeddings made on this machine. */
@Command(
        name = "dataset",
        mixinStandardHelpOptions = true,
        description =
                "Builds stream directories of real embeddings, encoded in-process (nothing is downloaded at run time).",
        subcommands = {DatasetCommand.WordNet.class})
final class DatasetCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(
            name = "wordnet",
            mixinStandardHelpOptions = true,
            description = {
                "WordNet 3.1 noun synsets as a 10-step continual benchmark of four text modalities (lemma, gloss,"
                        + " example, hypernym), encoded by all-MiniLM-L6-v2 (glosses by its int8 export) through ONNX Runtime.",
                "Writes stream.jsonl, batches/, prompts/, manifest.json, synsets.json and cache/ (embeddings by text,"
                        + " reused by later builds); a build whose manifest matches the one in --out is reused as it is."
            })
    static final class WordNet implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "Stream directory to write (created if missing).")
        Path out;

        @Option(
                names = "--scale",
                defaultValue = "small",
                description =
                        "tiny (a few hundred synsets), small (a few thousand; minutes on 2 cores) or full (every synset"
                                + " that qualifies) (default: ${DEFAULT-VALUE}).")
        String scale;

        @Mixin
        SeedOption seed;

        @Override
        public Integer call() {
            try {
                WordNetScale size = WordNetScale.valueOf(scale.toUpperCase(Locale.ROOT));
                Stopwatch build = Stopwatch.start();
                WordNetStreamBuilder.Built built = WordNetStreamBuilder.build(
                        new WordNetStreamBuilder.Options(out, size, seed.value()), System.out);
                var counts = built.manifest().get("counts");
                System.out.printf(
                        Locale.ROOT,
                        "dataset wordnet: %s, %d synsets, %d train and %d test pairs per pass, %d texts encoded"
                                + " (%.1f s) in %.1f s -> %s%n",
                        built.reused() ? "reused" : "built",
                        counts.get("synsets").asInt(),
                        counts.get("trainPairs").asInt(),
                        counts.get("testPairs").asInt(),
                        built.textsEncoded(),
                        built.encodeSeconds(),
                        build.seconds(),
                        out);
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("dataset wordnet: " + e.getMessage());
                return 1;
            }
        }
    }
}
