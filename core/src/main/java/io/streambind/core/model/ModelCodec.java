package io.streambind.core.model;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.config.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The binary state format of a {@link ContinualModel}: a meta part (config, counters, the step's
 * pairs, the modalities) and one section per modality ({@link SectionCodec}), so that a
 * store can rewrite only the sections that changed. Bit-exact: a restored model continues exactly
 * where the saved one was.
 */
public final class ModelCodec {
    /**
     * Version of the state format written: 2 adds the step accumulators' buffered float32 rows; 3
     * stores all-zero arrays as markers, Z and the step sums as triangles, and no bases (recomputed
     * from Z, Z' on restore). Versions 1 and 2 are still read; newer ones are rejected.
     */
    public static final int FORMAT_VERSION = 3;

    private static final int OLDEST_READABLE_VERSION = 1;
    private static final int MAGIC_MODEL = 0x53424d31; // "SBM1"
    private static final int MAGIC_META = 0x53424d4d; // "SBMM"
    private static final int MAGIC_SECTION = 0x53424d53; // "SBMS"

    private ModelCodec() {}

    static byte[] toBytes(ContinualModel model) {
        StateWriter out =
                new StateWriter().int32(MAGIC_MODEL).int32(FORMAT_VERSION).bytes(metaBytes(model));
        out.int32(model.modalities.size());
        for (ModalityState s : model.modalities.values()) {
            out.string(s.name).bytes(sectionBytes(s));
        }
        return out.toBytes();
    }

    static ContinualModel fromBytes(byte[] bytes) {
        StateReader in = new StateReader(bytes, "model state")
                .expectHeader(MAGIC_MODEL, OLDEST_READABLE_VERSION, FORMAT_VERSION);
        byte[] meta = in.bytes();
        int count = in.int32();
        Map<String, byte[]> sections = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            sections.put(in.string(), in.bytes());
        }
        in.expectEnd();
        return fromSections(meta, sections);
    }

    static byte[] metaBytes(ContinualModel model) {
        StateWriter out = new StateWriter().int32(MAGIC_META).int32(FORMAT_VERSION);
        SortedMap<String, String> map = model.config.toStoredMap();
        out.int32(map.size());
        map.forEach((k, v) -> out.string(k).string(v));
        out.int32(model.outputWidth)
                .int64(model.step)
                .int64(model.samplesSeen)
                .int64(model.batchesSeen)
                .int64(model.globalCount);
        out.int32(model.pairsThisStep.size());
        model.pairsThisStep.forEach(out::string);
        out.int64(model.samplesThisStep);
        out.int32(model.modalities.size());
        model.modalities.keySet().forEach(out::string);
        return out.toBytes();
    }

    static byte[] sectionBytes(ModalityState s) {
        long hint = SectionCodec.encodedSizeAfterStepEnd(s);
        StateWriter out = new StateWriter((int) Math.min(hint, Integer.MAX_VALUE - 8))
                .int32(MAGIC_SECTION)
                .int32(FORMAT_VERSION);
        SectionCodec.write(s, out);
        return out.toBytes();
    }

    static ContinualModel fromSections(byte[] meta, Map<String, byte[]> sections) {
        StateReader in =
                new StateReader(meta, "model meta").expectHeader(MAGIC_META, OLDEST_READABLE_VERSION, FORMAT_VERSION);
        int keys = in.int32();
        Map<String, String> configMap = new TreeMap<>();
        for (int i = 0; i < keys; i++) {
            configMap.put(in.string(), in.string());
        }
        ContinualModel model;
        try {
            model = new ContinualModel(DnsConfig.parse(configMap));
        } catch (IllegalArgumentException e) {
            throw new StateFormatException("model meta holds an invalid configuration: " + e.getMessage());
        }
        model.outputWidth = in.int32();
        model.step = in.int64();
        model.samplesSeen = in.int64();
        model.batchesSeen = in.int64();
        model.globalCount = in.int64();
        int pairs = in.int32();
        for (int i = 0; i < pairs; i++) {
            model.pairsThisStep.add(in.string());
        }
        model.samplesThisStep = in.int64();
        int count = in.int32();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(in.string());
        }
        in.expectEnd();
        if (!new TreeSet<>(names).equals(new TreeSet<>(sections.keySet()))) {
            throw new StateFormatException("model meta lists modalities " + names + " but the sections are "
                    + new TreeSet<>(sections.keySet()));
        }
        for (String name : names) {
            StateReader section = new StateReader(sections.get(name), "section '" + name + "'")
                    .expectHeader(MAGIC_SECTION, OLDEST_READABLE_VERSION, FORMAT_VERSION);
            ModalityState s = SectionCodec.read(section, model.type);
            section.expectEnd();
            if (s.basesDerived && s.inputCovariance != null) {
                s.computeBasesOnFirstUse(model.history::refreshBases);
            }
            if (!s.name.equals(name)
                    || s.outputWidth != model.outputWidth
                    || s.historyDim != (model.config.profile() == Profile.EXACT ? s.inputWidth + 1 : s.inputWidth)) {
                throw new StateFormatException("section '" + name + "' does not match the model meta");
            }
            model.modalities.put(name, s);
        }
        return model;
    }
}
