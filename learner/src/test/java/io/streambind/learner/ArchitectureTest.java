package io.streambind.learner;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.streambind.core.model.ContinualModel;
import io.streambind.core.model.ModelCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The learner's processor drives core's continual loop and does not reach into head internals: it never
 * trains or closes a step on the model directly (so it cannot drift from offline replay, which drives the
 * same loop), never reads weights, bases or covariances, and leaves the math and the state format to core.
 */
class ArchitectureTest {
    private static final JavaClasses LEARNER = new ClassFileImporter()
            // main classes only, whatever the build directory is called (-Dsb.build.suffix)
            .withImportOption(location -> !location.contains("/test-classes/"))
            .importPackages("io.streambind.learner");

    /** What only core's loop may call on a model (train, endStep) and the state of its heads. */
    private static final List<String> HEAD_INTERNALS = List.of(
            "train", "endStep", "weights", "bias", "rightBasis", "leftBasis", "inputCovariance", "outputCovariance");

    @Test
    void theProcessorDoesNotReachIntoHeadInternals() {
        DescribedPredicate<JavaMethodCall> headInternal = DescribedPredicate.describe(
                "a head internal of ContinualModel " + HEAD_INTERNALS,
                call -> call.getTargetOwner().isEquivalentTo(ContinualModel.class)
                        && HEAD_INTERNALS.contains(call.getName()));
        noClasses()
                .that()
                .resideInAPackage("io.streambind.learner.process..")
                .should()
                .callMethodWhere(headInternal)
                .orShould()
                .dependOnClassesThat()
                .resideInAPackage("io.streambind.core.math..")
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(ModelCodec.class)
                .check(LEARNER);
    }
}
