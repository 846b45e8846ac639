package io.streambind.cli.demo;

import io.streambind.dataset.wordnet.WordNetBenchmark;
import io.streambind.dataset.wordnet.WordNetScale;
import io.streambind.dataset.wordnet.WordNetStreamBuilder;
import io.streambind.io.StreamDirectory;
import io.streambind.io.StreamDirectoryWriter;
import io.streambind.producer.StreamSink;
import io.streambind.producer.synthetic.SyntheticOptions;
import io.streambind.producer.synthetic.SyntheticStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/** Writes (or reuses) the stream directory the demo streams, and says on {@code out} what it is. */
public interface DemoStream {
    StreamDirectory write(Path dir, PrintStream out) throws IOException;

    /** The synthetic benchmark of these options, written afresh. */
    static DemoStream synthetic(SyntheticOptions synthetic) {
        return (dir, out) -> {
            Demo.deleteRecursively(dir);
            out.printf(
                    Locale.ROOT,
                    "[2/4] Writing the synthetic %d-step benchmark (%s scale, d=%d, %d epochs per step, seed %d) to %s%n",
                    synthetic.steps(),
                    synthetic.scale().name().toLowerCase(Locale.ROOT),
                    synthetic.dim(),
                    synthetic.epochs(),
                    synthetic.seed(),
                    dir);
            try (StreamDirectoryWriter writer = StreamDirectoryWriter.create(dir)) {
                new SyntheticStream(synthetic).emit(StreamSink.of(writer));
            }
            return StreamDirectory.open(dir);
        };
    }

    /** The WordNet benchmark encoded on this machine; a build with the same manifest in {@code dir} is reused. */
    static DemoStream wordNet(WordNetScale scale, long seed) {
        return (dir, out) -> {
            out.printf(
                    Locale.ROOT,
                    "[2/4] Building the WordNet %d-step benchmark (%s scale, seed %d; real MiniLM embeddings"
                            + " made here) in %s%n",
                    WordNetBenchmark.STEPS.size(),
                    scale.name().toLowerCase(Locale.ROOT),
                    seed,
                    dir);
            WordNetStreamBuilder.build(new WordNetStreamBuilder.Options(dir, scale, seed), out);
            return StreamDirectory.open(dir);
        };
    }
}
