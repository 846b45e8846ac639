package io.streambind.core.model;

/** Kept ranks of one modality's projectors: input (right) side R and output (left) side L. */
public record Ranks(int right, int left) {}
