package io.streambind.learner.process;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.TaskId;

/**
 * The models this instance holds, over all its stream tasks, against {@code learner.instance.max.models}.
 * Each task registers the models of its stores when it starts and releases them when it moves away.
 * Stream threads admit new models concurrently, so the count may overshoot by one per extra thread.
 */
public final class ModelCensus {
    private final int maxModels;
    private final Map<TaskId, Set<String>> byTask = new ConcurrentHashMap<>();

    public ModelCensus(int maxModels) {
        this.maxModels = maxModels;
    }

    /** Whether a record for {@code modelId} may be handled: a model the task holds, or room for one more. */
    boolean admits(TaskId task, String modelId) {
        return holds(task, modelId) || count() < maxModels;
    }

    boolean holds(TaskId task, String modelId) {
        Set<String> models = byTask.get(task);
        return models != null && models.contains(modelId);
    }

    void register(TaskId task, Collection<String> modelIds) {
        Set<String> models = ConcurrentHashMap.newKeySet();
        models.addAll(modelIds);
        byTask.put(task, models);
    }

    void hold(TaskId task, String modelId) {
        byTask.computeIfAbsent(task, t -> ConcurrentHashMap.newKeySet()).add(modelId);
    }

    void release(TaskId task) {
        byTask.remove(task);
    }

    public int count() {
        int count = 0;
        for (Set<String> models : byTask.values()) {
            count += models.size();
        }
        return count;
    }

    public int maxModels() {
        return maxModels;
    }
}
