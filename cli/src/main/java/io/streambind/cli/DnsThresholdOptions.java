package io.streambind.cli;

import io.streambind.core.config.DnsConfig;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --lambda-min}, {@code --lambda-min-relative} and {@code --rho}: the DNS thresholds pinned for every model a
 * command trains.
 */
final class DnsThresholdOptions {
    @Option(
            names = "--lambda-min",
            description =
                    "DNS input (right) side eigenvalue threshold, absolute, for every model"
                            + " (default: dns.lambda.min, 0.01; the learner's per-model setting: model.<id>.dns.lambda.min in --config).")
    Double lambdaMin;

    @Option(
            names = "--lambda-min-relative",
            description = "DNS input (right) side threshold as a share of the largest"
                    + " eigenvalue of Z, for every model; the threshold is then max(lambda-min, this * sigma_max), so pass"
                    + " --lambda-min 0 for a purely relative one (default: dns.lambda.min.relative, 0 = off; the learner's"
                    + " per-model setting: model.<id>.dns.lambda.min.relative in --config).")
    Double lambdaMinRelative;

    @Option(
            names = "--rho",
            description = "DNS output (left) side threshold, a share of the largest eigenvalue of Z', for"
                    + " every model (default: dns.rho, 1e-4 for profile exact; 0 for paper, where it means L = I; the learner's"
                    + " per-model setting: model.<id>.dns.rho in --config).")
    Double rho;

    /** Puts the thresholds given into {@code settings}, over what is there. */
    void putInto(Map<String, String> settings) {
        if (lambdaMin != null) {
            settings.put(DnsConfig.LAMBDA_MIN, lambdaMin.toString());
        }
        if (lambdaMinRelative != null) {
            settings.put(DnsConfig.LAMBDA_MIN_RELATIVE, lambdaMinRelative.toString());
        }
        if (rho != null) {
            settings.put(DnsConfig.RHO, rho.toString());
        }
    }
}
