package io.streambind.producer.synthetic;

import java.util.List;
import java.util.Map;

/** The paper's continual benchmark (7 datasets, 7 modalities, 11 steps) as the generator mimics it. */
public final class Benchmark {
    /**
     * Typical norm of each modality's encoder output: the scales the method was tuned on differ by
     * two orders of magnitude (unit-norm vision and video, text up to ~100).
     */
    public static final Map<String, Double> MODALITY_SCALES = Map.of(
            "vision", 1.0, "text", 50.0, "audio", 20.0, "depth", 5.0, "thermal", 10.0, "tactile", 5.0, "video", 1.0);

    /** The paper's step order. TVL is capped at 12000/2000 pairs to keep paper scale tractable. */
    public static final List<BenchmarkTask> STEPS = List.of(
            new BenchmarkTask("UCF101", "text", "video", 9537, 3783, 101),
            new BenchmarkTask("ESC50", "text", "audio", 1600, 400, 50),
            new BenchmarkTask("NYUDv2", "vision", "depth", 795, 654, 0),
            new BenchmarkTask("Clotho", "text", "audio", 3839, 1045, 0),
            new BenchmarkTask("VGGSound", "text", "audio", 10000, 2000, 309),
            new BenchmarkTask("VGGSound", "text", "video", 10000, 2000, 309),
            new BenchmarkTask("VGGSound", "audio", "video", 10000, 2000, 309),
            new BenchmarkTask("TVL", "vision", "tactile", 12000, 2000, 0),
            new BenchmarkTask("TVL", "text", "tactile", 12000, 2000, 0),
            new BenchmarkTask("TVL", "vision", "text", 12000, 2000, 0),
            new BenchmarkTask("LLVIP", "vision", "thermal", 12025, 3463, 0));

    private Benchmark() {}
}
