package io.streambind.core.model;

/**
 * One batch of n pairs as it arrives: row i of {@code inputsA} (row-major n x widthA) pairs with
 * row i of {@code inputsB}.
 */
public record BatchShape(
        String modalityA, float[] inputsA, int widthA, String modalityB, float[] inputsB, int widthB, int rows) {}
