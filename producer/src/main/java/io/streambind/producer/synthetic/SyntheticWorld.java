package io.streambind.producer.synthetic;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fixed random geometry of the synthetic benchmark (see producer/README.md). Modality m of
 * dataset t observes a sample's semantic latent z as
 * x = scale_m * unit(U z + V R_{t,m} z + E_{t,m} z + N_m u + floor), each part with a fixed share of
 * the energy:
 * <ul>
 *   <li>U z, shared by every modality: identity heads already align it (useful, imperfect);
 *   <li>V R_{t,m} z, a dataset- and modality-specific rotation inside one common subspace V: each
 *       dataset wants a different cross-modal map in the same input directions, so naive training on
 *       a later pair moves shared heads against earlier tasks (what vanilla forgets);
 *   <li>E_{t,m} z, directions of the dataset's own domain: new inputs for a modality's head, hence
 *       learnable without touching old alignment (what keeps DNS plastic);
 *   <li>N_m u, modality nuisance with a decaying spectrum, and a weak isotropic floor: like real
 *       encoder outputs, most input directions carry almost no energy, so with an absolute
 *       lambda_min the modality's scale decides how much of its space is protected.
 * </ul>
 */
final class SyntheticWorld {
    /** Energy shares of the parts above (they sum to 1 before the per-sample normalisation). */
    private static final double SHARED_SHARE = 0.15;

    private static final double CONFLICT_SHARE = 0.45;
    private static final double DOMAIN_SHARE = 0.25;
    private static final double NUISANCE_SHARE = 0.1498;
    private static final double FLOOR_SHARE = 0.0002;
    /** Weight of the class centroid and of the sample's own variation in the latent. */
    private static final double CLASS_WEIGHT = 0.8;

    private static final double SAMPLE_WEIGHT = 0.6;
    /** Size of each dataset's mean shift of the latent (its domain). */
    private static final double DOMAIN_SHIFT = 0.5;

    private static final Set<String> ANCHORS = Set.of("text", "vision");
    private static final List<String> DATASET_ORDER =
            Benchmark.STEPS.stream().map(BenchmarkTask::dataset).distinct().toList();

    private final int dim;
    private final int latent;
    private final int nuisanceRank;
    private final long seed;
    private final double[] shared;
    private final double[] conflict;
    private final Map<String, double[]> domainMaps = new HashMap<>();
    private final Map<String, double[]> nuisanceMaps = new HashMap<>();
    private final Map<String, double[]> domainWeights = new HashMap<>();
    private final Map<String, double[]> domainShifts = new HashMap<>();
    private final Map<String, double[]> centroids = new HashMap<>();

    SyntheticWorld(int dim, int latent, long seed) {
        this.dim = dim;
        this.latent = latent;
        this.nuisanceRank = 2 * latent;
        this.seed = seed;
        shared = map(Gaussian.derive(seed, "shared"), latent);
        conflict = map(Gaussian.derive(seed, "conflict"), latent);
    }

    int dim() {
        return dim;
    }

    /** The latent of sample {@code index} of a dataset's split, and its class (-1 without classes). */
    double[] latent(String dataset, String split, int index, int classes, int[] classOut) {
        Gaussian g = new Gaussian(Gaussian.derive(seed, dataset, split, Integer.toString(index)));
        double[] z = g.vector(latent, SAMPLE_WEIGHT);
        int label = -1;
        if (classes > 0) {
            label = g.nextInt(classes);
            double[] centroid = centroids(dataset, classes);
            for (int k = 0; k < latent; k++) {
                z[k] += CLASS_WEIGHT * centroid[label * latent + k];
            }
        }
        classOut[0] = label;
        return toDomain(dataset, z);
    }

    /** The latent of a class name: its centroid in the dataset's domain. */
    double[] classLatent(String dataset, int label, int classes) {
        double[] z = new double[latent];
        double[] centroid = centroids(dataset, classes);
        for (int k = 0; k < latent; k++) {
            z[k] = CLASS_WEIGHT * centroid[label * latent + k];
        }
        return toDomain(dataset, z);
    }

    /** Writes the observation of {@code z} by {@code modality} into {@code out[offset .. offset + dim)}. */
    void observe(String dataset, String modality, double[] z, long noiseSeed, float[] out, int offset) {
        double[] rotated = ANCHORS.contains(modality) ? z : rotate(z, phase(dataset));
        double[] domain = domainMap(dataset, modality);
        // Each map's columns have norm ~1 and z has ~unit variance per coordinate: sqrt(share / latent) gives the
        // share.
        double sharedWeight = Math.sqrt(SHARED_SHARE / latent);
        double conflictWeight = Math.sqrt(CONFLICT_SHARE / latent);
        double domainWeight = Math.sqrt(DOMAIN_SHARE / latent);
        Gaussian noise = new Gaussian(noiseSeed);
        double[] u = nuisance(noise);
        double[] nuisance = nuisanceMap(modality);
        double floorWeight = Math.sqrt(FLOOR_SHARE / dim);
        double[] v = new double[dim];
        double norm = 0;
        for (int i = 0; i < dim; i++) {
            double s = 0;
            double c = 0;
            double e = 0;
            for (int k = 0; k < latent; k++) {
                s += shared[i * latent + k] * z[k];
                c += conflict[i * latent + k] * rotated[k];
                e += domain[i * latent + k] * z[k];
            }
            double n = 0;
            for (int k = 0; k < nuisanceRank; k++) {
                n += nuisance[i * nuisanceRank + k] * u[k];
            }
            v[i] = sharedWeight * s + conflictWeight * c + domainWeight * e + n + floorWeight * noise.next();
            norm += v[i] * v[i];
        }
        double scale = Benchmark.MODALITY_SCALES.getOrDefault(modality, 1.0) / Math.sqrt(norm);
        for (int i = 0; i < dim; i++) {
            out[offset + i] = (float) (v[i] * scale);
        }
    }

    /** Nuisance coordinates with a 1/k power-law spectrum, NUISANCE_SHARE of the energy in all. */
    private double[] nuisance(Gaussian noise) {
        double harmonic = 0;
        for (int k = 1; k <= nuisanceRank; k++) {
            harmonic += 1.0 / k;
        }
        double[] u = new double[nuisanceRank];
        for (int k = 0; k < nuisanceRank; k++) {
            u[k] = Math.sqrt(NUISANCE_SHARE / (harmonic * (k + 1))) * noise.next();
        }
        return u;
    }

    private double[] toDomain(String dataset, double[] z) {
        double[] weights = domainWeights.computeIfAbsent(dataset, d -> {
            Gaussian g = new Gaussian(Gaussian.derive(seed, "domain-weights", d));
            double[] w = new double[latent];
            for (int k = 0; k < latent; k++) {
                // Each dataset stresses latent directions differently, so earlier data covers later data only in part.
                w[k] = 0.3 + 0.7 * Math.abs(Math.tanh(g.next()));
            }
            return w;
        });
        double[] shift = domainShifts.computeIfAbsent(
                dataset, d -> new Gaussian(Gaussian.derive(seed, "domain-shift", d)).vector(latent, DOMAIN_SHIFT));
        double[] out = new double[latent];
        for (int k = 0; k < latent; k++) {
            out[k] = weights[k] * z[k] + shift[k];
        }
        return out;
    }

    private double[] centroids(String dataset, int classes) {
        return centroids.computeIfAbsent(
                dataset, d -> new Gaussian(Gaussian.derive(seed, "centroids", d)).vector(classes * latent, 1));
    }

    /**
     * The phase with which a dataset's non-anchor modalities see the conflicting part: 6 pi / 7 times
     * the dataset's place in order of appearance. Two datasets' maps of this part have inner product
     * cos(phase difference), so consecutive datasets want nearly opposite maps (cos(6 pi / 7) = -0.9)
     * on the heads they share; every such map is orthogonal to the identity, so identity heads get
     * nothing from this part.
     */
    private static double phase(String dataset) {
        return 6 * Math.PI / 7 * DATASET_ORDER.indexOf(dataset);
    }

    private double[] domainMap(String dataset, String modality) {
        return domainMaps.computeIfAbsent(
                dataset + "/" + modality, key -> map(Gaussian.derive(seed, "domain", dataset, modality), latent));
    }

    private double[] nuisanceMap(String modality) {
        return nuisanceMaps.computeIfAbsent(modality, m -> map(Gaussian.derive(seed, "nuisance", m), nuisanceRank));
    }

    /** A d x {@code rank} map, row-major; Gaussian columns scaled by 1/sqrt(d) are near-orthonormal in high dimension. */
    private double[] map(long mapSeed, int rank) {
        return new Gaussian(mapSeed).vector(dim * rank, 1 / Math.sqrt(dim));
    }

    /**
     * z with each block of 4 coordinates, read as a quaternion q, mapped to (cos(phase) i + sin(phase) j) q:
     * an orthogonal map, orthogonal to the identity, and two phases' maps have inner product
     * cos(phase difference). Coordinates after the last whole block stay as they are.
     */
    private static double[] rotate(double[] z, double phase) {
        double cos = Math.cos(phase);
        double sin = Math.sin(phase);
        double[] out = z.clone();
        for (int k = 0; k + 3 < z.length; k += 4) {
            double a = z[k];
            double b = z[k + 1];
            double c = z[k + 2];
            double d = z[k + 3];
            // i q = (-b, a, -d, c) and j q = (-c, d, a, -b) for q = a + b i + c j + d k.
            out[k] = -cos * b - sin * c;
            out[k + 1] = cos * a + sin * d;
            out[k + 2] = -cos * d + sin * a;
            out[k + 3] = cos * c - sin * b;
        }
        return out;
    }
}
