package io.streambind.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ZeroShotTest {
  @Test
  void argmaxOfInnerProductWithTiesToLowerClass() {
    float[] prototypes = {
        1, 0,   // class 0
        1, 0,   // class 1: identical to class 0, so class 0 wins every tie
        0, 2};  // class 2
    float[] embeddings = {
        3, 1,    // scores 3, 3, 2 -> class 0 (tie with 1)
        1, 4,    // scores 1, 1, 8 -> class 2
        -1, -1}; // scores -1, -1, -2 -> class 0
    assertThat(ZeroShot.accuracy(embeddings, 3, prototypes, 3, 2, new int[] {0, 2, 0})).isEqualTo(1.0);
    assertThat(ZeroShot.accuracy(embeddings, 3, prototypes, 3, 2, new int[] {1, 2, 1})).isEqualTo(1.0 / 3);
  }
}
