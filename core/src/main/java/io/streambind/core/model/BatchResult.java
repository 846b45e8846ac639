package io.streambind.core.model;

/**
 * What one training iteration did. The projection norms are those of the projected quantity over
 * both heads (the clipped gradient in profile paper, the AdamW step in profile exact); they are
 * equal when nothing is projected.
 */
public record BatchResult(
        double loss, double gradientNorm, double normBeforeProjection, double normAfterProjection, long elapsedNanos) {

    /** Share of the squared norm the projection removed (0 = nothing, 1 = everything). */
    public double removedShare() {
        if (normBeforeProjection == 0) {
            return 0;
        }
        double kept = normAfterProjection / normBeforeProjection;
        return Math.max(0, 1 - kept * kept);
    }
}
