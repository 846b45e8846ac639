package io.streambind.core.model;

import java.util.SortedMap;

/** Where a model's state comes from: its effective configuration and how much it has seen. No secrets. */
public record Provenance(SortedMap<String, String> config, long steps, long samplesSeen, long batchesSeen) {}
