package io.streambind.cli;

import io.streambind.core.config.DnsConfig;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --precision}: the floating-point type every model a command trains is held and trained in. */
final class PrecisionOption {
    @Option(
            names = "--precision",
            description = "float32 or float64: the precision every model trains in; float64"
                    + " stays far closer across CPUs and BLAS thread counts, at 1-2.5x the cost (default: dns.precision,"
                    + " float32; the learner's per-model setting: model.<id>.dns.precision in --config).")
    String precision;

    /** Puts the precision, when given, into {@code settings}, over what is there. */
    void putInto(Map<String, String> settings) {
        if (precision != null) {
            settings.put(DnsConfig.PRECISION, precision);
        }
    }
}
