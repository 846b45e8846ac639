package io.streambind.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.core.config.DnsConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The point of DNS: training a new pair that shares a modality with an old one leaves the old
 * pair's scores in place, where vanilla training moves them (dns-spec.md section 4, "Why it holds").
 */
class StabilityTest {
    private static final int D = 48;
    private static final int N = 32;
    private static final int BATCHES = 40;

    @Test
    void dnsExactHoldsOldScoresWhileVanillaMovesThem() {
        double dns = scoreDrift("dns", "exact");
        double paper = scoreDrift("dns", "paper");
        double inputNull = scoreDrift("input-null", "exact");
        double vanilla = scoreDrift("vanilla", "exact");
        System.out.printf(
                "step-1 score drift after step 2 (relative Frobenius): dns/exact %.3e, dns/paper %.3e,"
                        + " input-null/exact %.3e, vanilla %.3e (vanilla / dns-exact = %.0fx)%n",
                dns, paper, inputNull, vanilla, vanilla / dns);
        assertThat(dns).isLessThan(0.01);
        assertThat(vanilla).isGreaterThan(10 * dns);
        assertThat(paper).isLessThan(vanilla);
    }

    /** ||A after step 2 - A after step 1||_F / ||A after step 1||_F on held-out (text, video) pairs. */
    private static double scoreDrift(String method, String profile) {
        DnsConfig config = DnsConfig.parse(
                Map.of(DnsConfig.METHOD, method, DnsConfig.PROFILE, profile, DnsConfig.LEARNING_RATE, "1e-3"));
        SyntheticPairs data = new SyntheticPairs(6, 0.02, 7);
        double[] text = data.mixing(D);
        double[] video = data.mixing(D);
        double[] audio = data.mixing(D);
        ContinualModel model = new ContinualModel(config);
        for (int i = 0; i < BATCHES; i++) {
            double[] z = data.latents(N);
            model.train("text", data.observe(text, z, D), D, "video", data.observe(video, z, D), D, N);
        }
        model.endStep();
        double[] zTest = data.latents(64);
        float[] testText = data.observe(text, zTest, D);
        float[] testVideo = data.observe(video, zTest, D);
        double[] before = scores(model, testText, testVideo, 64);
        for (int i = 0; i < BATCHES; i++) {
            double[] z = data.latents(N);
            model.train("text", data.observe(text, z, D), D, "audio", data.observe(audio, z, D), D, N);
        }
        model.endStep();
        double[] after = scores(model, testText, testVideo, 64);
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < before.length; i++) {
            diff += (after[i] - before[i]) * (after[i] - before[i]);
            norm += before[i] * before[i];
        }
        return Math.sqrt(diff / norm);
    }

    private static double[] scores(ContinualModel model, float[] text, float[] video, int n) {
        float[] yt = model.embed("text", text, n);
        float[] yv = model.embed("video", video, n);
        int d = model.outputWidth();
        double[] s = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = 0;
                for (int k = 0; k < d; k++) {
                    v += (double) yt[i * d + k] * yv[j * d + k];
                }
                s[i * n + j] = v;
            }
        }
        return s;
    }
}
