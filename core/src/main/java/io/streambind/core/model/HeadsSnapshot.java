package io.streambind.core.model;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Heads only (W and b per modality) plus provenance: what serving and {@code streambind.models}
 * need, without Adam state or history. Has its own versioned bytes codec.
 */
public record HeadsSnapshot(Provenance provenance, SortedMap<String, Head> heads) {
  private static final int MAGIC = 0x53424853; // "SBHS"
  public static final int FORMAT_VERSION = 1;

  /** One head: W row-major outputWidth x inputWidth, b of outputWidth. */
  public record Head(int inputWidth, int outputWidth, float[] weights, float[] bias) {}

  public byte[] toBytes() {
    StateWriter out = new StateWriter().int32(MAGIC).int32(FORMAT_VERSION);
    out.int32(provenance.config().size());
    provenance.config().forEach((k, v) -> out.string(k).string(v));
    out.int64(provenance.steps()).int64(provenance.samplesSeen()).int64(provenance.batchesSeen());
    out.int32(heads.size());
    for (Map.Entry<String, Head> e : heads.entrySet()) {
      Head h = e.getValue();
      out.string(e.getKey()).int32(h.inputWidth()).int32(h.outputWidth()).floats(h.weights()).floats(h.bias());
    }
    return out.toBytes();
  }

  public static HeadsSnapshot fromBytes(byte[] bytes) {
    StateReader in = new StateReader(bytes, "heads snapshot").expectHeader(MAGIC, FORMAT_VERSION);
    int keys = in.int32();
    SortedMap<String, String> config = new TreeMap<>();
    for (int i = 0; i < keys; i++) {
      config.put(in.string(), in.string());
    }
    Provenance provenance = new Provenance(config, in.int64(), in.int64(), in.int64());
    int count = in.int32();
    SortedMap<String, Head> heads = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      String name = in.string();
      int inputWidth = in.int32();
      int outputWidth = in.int32();
      if (inputWidth <= 0 || outputWidth <= 0 || inputWidth > ContinualModel.MAX_WIDTH
          || outputWidth > ContinualModel.MAX_WIDTH) {
        throw in.invalid("head '" + name + "' has impossible widths " + inputWidth + " -> " + outputWidth);
      }
      heads.put(name, new Head(inputWidth, outputWidth, in.floats((long) inputWidth * outputWidth),
          in.floats(outputWidth)));
    }
    in.expectEnd();
    return new HeadsSnapshot(provenance, heads);
  }
}
