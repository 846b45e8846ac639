package io.streambind.learner.process;

import io.streambind.avro.ClassPrompts;
import io.streambind.core.model.ContinualModel;
import io.streambind.schemas.codec.FloatMatrix;

/** What makes a record of class prompts unusable for a model: names, widths, class ranges and values. */
final class PromptChecks {
    private PromptChecks() {}

    /** Requires valid names; the model is not needed for them, so this comes before the model is touched. */
    static void requireNames(ClassPrompts prompts) throws Rejection {
        Names.text("task", prompts.getTask());
        Names.identifier("modality", prompts.getModality());
    }

    static void require(ContinualModel model, ClassPrompts prompts) throws Rejection {
        String modality = prompts.getModality();
        // Prompts usually come before the first batch of their dataset, so a modality without a head yet is
        // fine: evaluation uses the prompts once the head exists (and has their width).
        if (model.hasModality(modality) && prompts.getWidth() != model.inputWidth(modality)) {
            throw new Rejection(
                    DeadLetterReason.WIDTH_MISMATCH,
                    "prompts have width " + prompts.getWidth() + " but the '" + modality + "' head takes "
                            + model.inputWidth(modality));
        }
        if (prompts.getClassNames().isEmpty() || prompts.getWidth() <= 0) {
            throw new Rejection(DeadLetterReason.EMPTY_OR_RAGGED, "prompts name no class or have no width");
        }
        int classCount = prompts.getClassCount();
        if (prompts.getFirstClass() < 0
                || classCount < 0
                || (classCount == 0 && prompts.getFirstClass() != 0)
                || (classCount > 0
                        && (long) prompts.getFirstClass()
                                        + prompts.getClassNames().size()
                                > classCount)) {
            throw new Rejection(
                    DeadLetterReason.EMPTY_OR_RAGGED,
                    "prompts hold classes " + prompts.getFirstClass() + ".."
                            + (prompts.getFirstClass() + prompts.getClassNames().size() - 1) + " of " + classCount);
        }
        float[] embeddings = FloatMatrix.toFloats(prompts.getEmbeddings());
        if (embeddings.length != (long) prompts.getClassNames().size() * prompts.getWidth()) {
            throw new Rejection(
                    DeadLetterReason.EMPTY_OR_RAGGED,
                    "prompts carry " + embeddings.length + " values for "
                            + prompts.getClassNames().size() + " classes of width " + prompts.getWidth());
        }
        for (float value : embeddings) {
            if (!Float.isFinite(value)) {
                throw new Rejection(DeadLetterReason.NON_FINITE, "prompt embeddings hold a non-finite value");
            }
        }
    }
}
