package io.streambind.learner.reliability;

import io.streambind.learner.LearnerApp;
import io.streambind.learner.process.StepEvaluator;

import java.util.Map;

/** Starts learners the way the CLI does, without evaluation (the tests compare model state, not metrics). */
final class Learners {
    private Learners() {
    }

    static LearnerApp start(Map<String, String> settings) {
        return LearnerApp.start(settings, StepEvaluator.NONE);
    }
}
