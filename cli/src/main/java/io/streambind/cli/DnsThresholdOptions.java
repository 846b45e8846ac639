package io.streambind.cli;

import io.streambind.core.config.DnsConfig;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --lambda-min} and {@code --rho}: the DNS thresholds pinned for every model a command trains. */
final class DnsThresholdOptions {
  @Option(names = "--lambda-min", description = "DNS input (right) side eigenvalue threshold, absolute, for every model"
      + " (default: dns.lambda.min, 0.01; the learner's per-model setting: model.<id>.dns.lambda.min in --config).")
  Double lambdaMin;

  @Option(names = "--rho", description = "DNS output (left) side threshold, a share of the largest eigenvalue of Z', for"
      + " every model (default: dns.rho, 1e-4 for profile exact; 0 for paper, where it means L = I; the learner's"
      + " per-model setting: model.<id>.dns.rho in --config).")
  Double rho;

  /** Puts the thresholds given into {@code settings}, over what is there. */
  void putInto(Map<String, String> settings) {
    if (lambdaMin != null) {
      settings.put(DnsConfig.LAMBDA_MIN, lambdaMin.toString());
    }
    if (rho != null) {
      settings.put(DnsConfig.RHO, rho.toString());
    }
  }
}
