package io.streambind.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.core.config.DnsConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Size of a modality section (what the learner writes to its changelog at every step end and
 * every snapshot interval) right after a step end and mid-step, profile exact, method dns.
 */
class SectionSizeTest {
    /**
     * Format 2 sizes of {@link #sections} at d = 256, measured with the format-2 codec (commit
     * 73cc6b4): after a step end, then mid-step.
     */
    private static final long FORMAT_2_AFTER_STEP_END = 1_908_979;

    private static final long FORMAT_2_MID_STEP = 2_602_772;

    @Test
    void sectionsAtWidth256AreAtMostHalfOfFormat2() {
        long[] sizes = sections(256, 64);
        assertThat(sizes[0]).isLessThanOrEqualTo(FORMAT_2_AFTER_STEP_END / 2);
        assertThat(sizes[1]).isLessThan(FORMAT_2_MID_STEP);
    }

    @Test
    @EnabledIfSystemProperty(named = "sections.measure", matches = "true")
    void printSectionSizesAtWidth1024() {
        sections(1024, 256);
    }

    /** Trains 4 batches of n low-rank pairs, ends the step, trains 2 more; returns the text section's sizes. */
    private static long[] sections(int d, int n) {
        ContinualModel model = new ContinualModel(DnsConfig.parse(Map.of(DnsConfig.LEARNING_RATE, "1e-3")));
        SyntheticPairs data = new SyntheticPairs(32, 0.01, 7);
        double[] text = data.mixing(d);
        double[] video = data.mixing(d);
        for (int i = 0; i < 4; i++) {
            double[] z = data.latents(n);
            model.train("text", data.observe(text, z, d), d, "video", data.observe(video, z, d), d, n);
        }
        model.endStep();
        long afterStepEnd = model.sectionBytes("text").length;
        for (int i = 0; i < 2; i++) {
            double[] z = data.latents(n);
            model.train("text", data.observe(text, z, d), d, "video", data.observe(video, z, d), d, n);
        }
        long midStep = model.sectionBytes("text").length;
        System.out.printf(
                "section of d = %d (format %d): %d bytes after a step end, %d bytes mid-step%n",
                d, ModelCodec.FORMAT_VERSION, afterStepEnd, midStep);
        return new long[] {afterStepEnd, midStep};
    }
}
