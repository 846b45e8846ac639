package io.streambind.core.model;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.config.Method;
import io.streambind.core.config.Profile;
import io.streambind.core.math.RangeBasis;
import io.streambind.core.math.SymmetricEigen;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The step end's work on the history (dns-spec.md section 3): each trained pair's step sums are
 * folded into Z and Z', and the bases of the changed modalities are computed again; EWC folds its
 * Fisher sums instead.
 */
final class HistoryFold {
    private final DnsConfig config;

    HistoryFold(DnsConfig config) {
        this.config = config;
    }

    /**
     * Folds the step sums of every pair ("a|b") and refreshes the bases; returns the profile paper's
     * single count after the fold ({@code globalCount} plus the samples folded), unchanged in profile exact.
     */
    long foldPairs(Map<String, ModalityState> modalities, List<String> pairs, long globalCount) {
        TreeSet<String> changed = new TreeSet<>();
        for (String pair : pairs) {
            int bar = pair.indexOf('|');
            ModalityState sa = modalities.get(pair.substring(0, bar));
            ModalityState sb = modalities.get(pair.substring(bar + 1));
            StepAccumulator accA = sa.accumulators.get(sb.name);
            StepAccumulator accB = sb.accumulators.get(sa.name);
            long added = accA.count;
            double[] sumA = accA.symmetricSum();
            double[] sumB = accB.symmetricSum();
            double[] partnerOfB = sa.projectedSecondMoment(sumA);
            double[] partnerOfA = sb.projectedSecondMoment(sumB);
            if (config.profile() == Profile.EXACT) {
                sa.foldOwnHistory(sumA, partnerOfA, added);
                sb.foldOwnHistory(sumB, partnerOfB, added);
            } else {
                sa.foldHistory(sumA, partnerOfA, globalCount, added);
                sb.foldHistory(sumB, partnerOfB, globalCount, added);
                globalCount += added;
            }
            changed.add(sa.name);
            changed.add(sb.name);
        }
        modalities.values().forEach(ModalityState::releaseAccumulators);
        for (String name : changed) {
            refreshBases(modalities.get(name));
        }
        return globalCount;
    }

    /** The bases of Z and Z' (a deterministic function of them and the config, so format 3 need not store them). */
    void refreshBases(ModalityState s) {
        DataType type = s.type;
        SymmetricEigen inputEigen = SymmetricEigen.of(s.inputCovariance, s.historyDim);
        RangeBasis right = RangeBasis.above(inputEigen, config.rightThreshold(inputEigen.largest()), type);
        RangeBasis left;
        boolean leftIsIdentity =
                config.method() == Method.INPUT_NULL || (config.profile() == Profile.PAPER && config.rho() == 0);
        if (leftIsIdentity) {
            left = RangeBasis.identity(s.outputWidth);
        } else {
            SymmetricEigen eigen = SymmetricEigen.of(s.outputCovariance, s.outputWidth);
            left = eigen.largest() > 0
                    ? RangeBasis.above(eigen, config.rho() * eigen.largest(), type)
                    : RangeBasis.zero(s.outputWidth);
        }
        s.setDerivedBases(right, left);
    }

    /** EWC: the step's squared gradients become the Fisher diagonal, the weights its anchor. */
    static void foldFisher(Collection<ModalityState> modalities) {
        modalities.forEach(ModalityState::foldFisher);
    }
}
