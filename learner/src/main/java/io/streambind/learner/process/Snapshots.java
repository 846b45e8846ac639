package io.streambind.learner.process;

import io.streambind.core.model.ContinualModel;
import io.streambind.learner.state.Manifest;
import io.streambind.learner.state.ModelStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Model snapshots in the store: only the sections that changed since the last one are written,
 * then the redo log, now covered by the snapshot, is cleared.
 */
public final class Snapshots {
    private Snapshots() {}

    static void write(ModelStore store, ModelSlot slot) {
        ContinualModel model = slot.model();
        Manifest manifest = slot.manifest();
        for (String modality : model.dirtySections()) {
            store.putSection(slot.modelId(), ModelStore.modalitySection(modality), model.sectionBytes(modality));
        }
        store.putSection(slot.modelId(), ModelStore.META_SECTION, model.metaBytes());
        model.markClean();
        store.clearRedo(slot.modelId());
        manifest.redoEntries = 0;
        manifest.snapshotWritten = true;
    }

    /** The model of a snapshot's sections (by section name, as {@link ModelStore#sections} gives them). */
    public static ContinualModel restore(Map<String, byte[]> sections) {
        byte[] meta = sections.get(ModelStore.META_SECTION);
        Map<String, byte[]> modalities = new LinkedHashMap<>();
        sections.forEach((name, bytes) -> {
            if (!name.equals(ModelStore.META_SECTION)) {
                modalities.put(name.substring(ModelStore.modalitySection("").length()), bytes);
            }
        });
        return ContinualModel.fromSections(meta, modalities);
    }
}
