package io.streambind.producer.synthetic;

import java.util.HashMap;
import java.util.Map;

/**
 * The fixed random geometry of the synthetic benchmark (see producer/README.md): a semantic latent
 * z seen by every modality through x_m = scale_m * unit(cos(theta) U z + sin(theta) V R_m z + nuisance + noise).
 * U (shared) makes identity heads useful from the start; V R_m (a modality-specific rotation inside
 * one common subspace V) makes them imperfect and makes pairs compete: aligning text with audio
 * pulls text's V-part away from video's, which is what naive training forgets.
 */
final class SyntheticWorld {
  /** cos^2 of this angle is the share of the signal that identity heads already align. */
  private static final double SHARED_ANGLE = Math.toRadians(68);
  /** Weight of the class centroid and of the sample's own variation in the latent. */
  private static final double CLASS_WEIGHT = 0.8;
  private static final double SAMPLE_WEIGHT = 0.6;
  /** Per-sample, per-modality variation no partner shares (what training learns to ignore). */
  private static final double NUISANCE = 0.5;
  /** Isotropic noise, relative to the unit signal. */
  private static final double NOISE = 0.05;
  /** Size of each dataset's mean shift of the latent (its domain). */
  private static final double DOMAIN_SHIFT = 0.5;

  private final int dim;
  private final int latent;
  private final int nuisanceRank;
  private final long seed;
  private final double[] shared;
  private final double[] specific;
  private final Map<String, double[]> rotations = new HashMap<>();
  private final Map<String, double[]> nuisanceMaps = new HashMap<>();
  private final Map<String, double[]> domainWeights = new HashMap<>();
  private final Map<String, double[]> domainShifts = new HashMap<>();
  private final Map<String, double[]> centroids = new HashMap<>();

  SyntheticWorld(int dim, int latent, long seed) {
    this.dim = dim;
    this.latent = latent;
    this.nuisanceRank = Math.max(1, latent / 4);
    this.seed = seed;
    // Gaussian columns scaled by 1/sqrt(dim) are near-orthonormal in high dimension.
    shared = new Gaussian(Gaussian.derive(seed, "shared")).vector(dim * latent, 1 / Math.sqrt(dim));
    specific = new Gaussian(Gaussian.derive(seed, "specific")).vector(dim * latent, 1 / Math.sqrt(dim));
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
    double[] rotated = multiply(rotation(dataset, modality), latent, z);
    double[] v = new double[dim];
    double cos = Math.cos(SHARED_ANGLE);
    double sin = Math.sin(SHARED_ANGLE);
    for (int i = 0; i < dim; i++) {
      double s = 0;
      double p = 0;
      for (int k = 0; k < latent; k++) {
        s += shared[i * latent + k] * z[k];
        p += specific[i * latent + k] * rotated[k];
      }
      v[i] = cos * s + sin * p;
    }
    Gaussian noise = new Gaussian(noiseSeed);
    double[] u = noise.vector(nuisanceRank, NUISANCE);
    double[] nuisance = nuisanceMap(modality);
    double norm = 0;
    for (int i = 0; i < dim; i++) {
      for (int k = 0; k < nuisanceRank; k++) {
        v[i] += nuisance[i * nuisanceRank + k] * u[k];
      }
      v[i] += NOISE / Math.sqrt(dim) * noise.next();
      norm += v[i] * v[i];
    }
    double scale = Benchmark.MODALITY_SCALES.getOrDefault(modality, 1.0) / Math.sqrt(norm);
    for (int i = 0; i < dim; i++) {
      out[offset + i] = (float) (v[i] * scale);
    }
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
    double[] shift = domainShifts.computeIfAbsent(dataset,
        d -> new Gaussian(Gaussian.derive(seed, "domain-shift", d)).vector(latent, DOMAIN_SHIFT));
    double[] out = new double[latent];
    for (int k = 0; k < latent; k++) {
      out[k] = weights[k] * z[k] + shift[k];
    }
    return out;
  }

  private double[] centroids(String dataset, int classes) {
    return centroids.computeIfAbsent(dataset,
        d -> new Gaussian(Gaussian.derive(seed, "centroids", d)).vector(classes * latent, 1));
  }

  private double[] rotation(String dataset, String modality) {
    return rotations.computeIfAbsent(dataset + "/" + modality,
        key -> orthogonal(new Gaussian(Gaussian.derive(seed, "rotation", dataset, modality)), latent));
  }

  private double[] nuisanceMap(String modality) {
    return nuisanceMaps.computeIfAbsent(modality, m ->
        new Gaussian(Gaussian.derive(seed, "nuisance", m)).vector(dim * nuisanceRank, 1 / Math.sqrt(dim)));
  }

  /** A random orthogonal r x r matrix (Gram-Schmidt of a Gaussian one), row-major. */
  private static double[] orthogonal(Gaussian g, int r) {
    double[] q = g.vector(r * r, 1);
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < i; j++) {
        double dot = 0;
        for (int k = 0; k < r; k++) {
          dot += q[i * r + k] * q[j * r + k];
        }
        for (int k = 0; k < r; k++) {
          q[i * r + k] -= dot * q[j * r + k];
        }
      }
      double norm = 0;
      for (int k = 0; k < r; k++) {
        norm += q[i * r + k] * q[i * r + k];
      }
      norm = Math.sqrt(norm);
      for (int k = 0; k < r; k++) {
        q[i * r + k] /= norm;
      }
    }
    return q;
  }

  private static double[] multiply(double[] matrix, int r, double[] z) {
    double[] out = new double[r];
    for (int i = 0; i < r; i++) {
      double s = 0;
      for (int k = 0; k < r; k++) {
        s += matrix[i * r + k] * z[k];
      }
      out[i] = s;
    }
    return out;
  }
}
