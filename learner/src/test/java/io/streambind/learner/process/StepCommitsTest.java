package io.streambind.learner.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StepCommitsTest {
    private static final long MS = 1_000_000L;

    @Test
    void aStepEndIsDueOnceAfterTheDelay() {
        StepCommits commits = new StepCommits(Duration.ofMillis(200));
        assertThat(commits.due(0)).isFalse();
        assertThat(commits.stepClosed(1_000 * MS)).isFalse();
        assertThat(commits.due(1_199 * MS)).isFalse();
        assertThat(commits.due(1_200 * MS)).isTrue();
        assertThat(commits.due(1_500 * MS)).as("already committed").isFalse();
    }

    @Test
    void aSecondStepEndBeforeTheCommitKeepsTheFirstDueTime() {
        StepCommits commits = new StepCommits(Duration.ofMillis(200));
        commits.stepClosed(1_000 * MS);
        commits.stepClosed(1_150 * MS);
        assertThat(commits.due(1_200 * MS)).isTrue();
        assertThat(commits.due(1_350 * MS)).isFalse();
    }

    @Test
    void noDelayCommitsAtTheStepEnd() {
        StepCommits commits = new StepCommits(Duration.ZERO);
        assertThat(commits.stepClosed(1_000 * MS)).isTrue();
        assertThat(commits.due(1_000 * MS)).isFalse();
    }

    @Test
    void nanoTimeMayBeNegative() {
        StepCommits commits = new StepCommits(Duration.ofMillis(200));
        commits.stepClosed(-150 * MS);
        assertThat(commits.due(-1 * MS)).isFalse();
        assertThat(commits.due(50 * MS)).isTrue();
    }
}
