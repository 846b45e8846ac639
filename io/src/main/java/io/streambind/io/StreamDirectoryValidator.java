package io.streambind.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks every line and every referenced file of a stream directory: structure, dtypes, shapes, row
 * counts, per-modality widths, finite values, labels against the task's class count.
 */
final class StreamDirectoryValidator {
    private static final Set<String> BATCH_KEYS = Set.of(
            StreamJsonl.TYPE,
            StreamJsonl.A,
            StreamJsonl.B,
            StreamJsonl.XA,
            StreamJsonl.XB,
            StreamJsonl.TASK,
            StreamJsonl.SPLIT,
            StreamJsonl.LABELS);
    private static final Set<String> STEP_END_KEYS = Set.of(StreamJsonl.TYPE);
    private static final Set<String> PROMPTS_KEYS =
            Set.of(StreamJsonl.TYPE, StreamJsonl.TASK, StreamJsonl.CLASSES, StreamJsonl.XT, StreamJsonl.MODALITY);

    private record WidthSource(int width, int line, String file) {}

    private record LabelUse(int maxLabel, int line) {}

    private final Path dir;
    private final Path streamFile;
    /** {@link #dir} with every symbolic link resolved: what the files read must lie in. */
    private Path realDir;

    private final ObjectMapper mapper = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private final Map<String, WidthSource> widths = new LinkedHashMap<>();
    private final Map<String, LabelUse> labelsByTask = new HashMap<>();
    private final Map<String, PromptsEvent> promptsByTask = new HashMap<>();
    private int line;

    StreamDirectoryValidator(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        this.streamFile = StreamDirectory.streamFile(this.dir);
    }

    StreamDirectory validate() throws IOException {
        if (!Files.isRegularFile(streamFile)) {
            throw new StreamDirectoryException(streamFile, "file does not exist");
        }
        realDir = dir.toRealPath();
        Path realStreamFile = streamFile.toRealPath();
        if (!realStreamFile.startsWith(realDir)) {
            throw new StreamDirectoryException(
                    streamFile, "is a symbolic link to " + realStreamFile + ", outside the stream directory");
        }
        List<StreamEvent> events = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(streamFile, StandardCharsets.UTF_8)) {
            String text;
            while ((text = reader.readLine()) != null) {
                line++;
                if (!text.isBlank()) {
                    events.add(parse(text));
                }
            }
        }
        if (events.isEmpty()) {
            throw new StreamDirectoryException(streamFile, "no events");
        }
        checkLabelsAgainstPrompts();
        Map<String, Integer> widthByModality = new LinkedHashMap<>();
        widths.forEach((modality, source) -> widthByModality.put(modality, source.width()));
        return new StreamDirectory(dir, events, widthByModality);
    }

    private StreamEvent parse(String text) throws IOException {
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw error("invalid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw error("expected a JSON object");
        }
        String type = text(node, StreamJsonl.TYPE, true);
        return switch (type) {
            case StreamJsonl.TYPE_BATCH -> batch(node);
            case StreamJsonl.TYPE_STEP_END -> {
                checkKeys(node, STEP_END_KEYS);
                yield new StepEndEvent(line);
            }
            case StreamJsonl.TYPE_PROMPTS -> prompts(node);
            default -> throw error("unknown type \"" + type + "\" (expected batch, step_end or prompts)");
        };
    }

    private BatchEvent batch(JsonNode node) throws IOException {
        checkKeys(node, BATCH_KEYS);
        String a = text(node, StreamJsonl.A, true);
        String b = text(node, StreamJsonl.B, true);
        if (a.equals(b)) {
            throw error("modality \"" + a + "\" on both sides of a pair");
        }
        String task = text(node, StreamJsonl.TASK, false);
        Split split = split(text(node, StreamJsonl.SPLIT, false));
        Path xa = file(text(node, StreamJsonl.XA, true));
        Path xb = file(text(node, StreamJsonl.XB, true));
        NpyHeader ha = floatMatrix(xa);
        NpyHeader hb = floatMatrix(xb);
        if (ha.shape()[0] != hb.shape()[0]) {
            throw error("row counts differ: " + relative(xa) + " has " + ha.shape()[0] + ", " + relative(xb) + " has "
                    + hb.shape()[0]);
        }
        if (ha.shape()[0] == 0) {
            throw error(relative(xa) + ": empty batch (0 rows)");
        }
        int rows = (int) ha.shape()[0];
        int widthA = checkWidth(a, ha, xa);
        int widthB = checkWidth(b, hb, xb);
        String taskName = task == null ? StreamJsonl.defaultTask(a, b) : task;
        Path labels = null;
        String labelsName = text(node, StreamJsonl.LABELS, false);
        if (labelsName != null) {
            labels = file(labelsName);
            checkLabels(taskName, labels, rows);
        }
        checkFinite(xa, ha);
        checkFinite(xb, hb);
        return new BatchEvent(line, taskName, split, a, b, xa, xb, labels, rows, widthA, widthB);
    }

    private PromptsEvent prompts(JsonNode node) throws IOException {
        checkKeys(node, PROMPTS_KEYS);
        String task = text(node, StreamJsonl.TASK, true);
        String modality = text(node, StreamJsonl.MODALITY, false);
        modality = modality == null ? StreamJsonl.DEFAULT_PROMPT_MODALITY : modality;
        JsonNode classes = node.get(StreamJsonl.CLASSES);
        if (classes == null || !classes.isArray() || classes.isEmpty()) {
            throw error("\"classes\" must be a non-empty array of class names");
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Iterator<JsonNode> it = classes.elements(); it.hasNext(); ) {
            JsonNode name = it.next();
            if (!name.isTextual() || name.asText().isEmpty() || !seen.add(name.asText())) {
                throw error("\"classes\" entries must be distinct non-empty strings, found " + name);
            }
            names.add(name.asText());
        }
        Path xt = file(text(node, StreamJsonl.XT, true));
        NpyHeader header = floatMatrix(xt);
        if (header.shape()[0] != names.size()) {
            throw error(relative(xt) + " has " + header.shape()[0] + " rows for " + names.size() + " classes");
        }
        int width = checkWidth(modality, header, xt);
        checkFinite(xt, header);
        PromptsEvent event = new PromptsEvent(line, task, modality, names, xt, width);
        PromptsEvent earlier = promptsByTask.putIfAbsent(task, event);
        if (earlier != null) {
            throw error("second prompts line for task \"" + task + "\" (first on line " + earlier.line() + ")");
        }
        return event;
    }

    private Split split(String value) throws StreamDirectoryException {
        if (value == null) {
            return Split.TRAIN;
        }
        return switch (value) {
            case "train" -> Split.TRAIN;
            case "test" -> Split.TEST;
            default -> throw error("split \"" + value + "\" (expected train or test)");
        };
    }

    private NpyHeader floatMatrix(Path file) throws StreamDirectoryException, IOException {
        NpyHeader header = header(file);
        try {
            NpyReader.requireFloat(file, header, 2);
        } catch (NpyFormatException e) {
            throw error(relative(file) + ": " + reasonOf(e));
        }
        return header;
    }

    private void checkLabels(String task, Path file, int rows) throws IOException {
        NpyHeader header = header(file);
        int[] labels;
        try {
            NpyReader.requireLabels(file, header);
            labels = NpyReader.readLabels(file);
        } catch (NpyFormatException e) {
            throw error(relative(file) + ": " + reasonOf(e));
        }
        if (labels.length != rows) {
            throw error(relative(file) + " has " + labels.length + " labels for " + rows + " rows");
        }
        int max = -1;
        for (int label : labels) {
            if (label < 0) {
                throw error(relative(file) + ": negative label " + label);
            }
            max = Math.max(max, label);
        }
        LabelUse previous = labelsByTask.get(task);
        if (previous == null || max > previous.maxLabel()) {
            labelsByTask.put(task, new LabelUse(max, line));
        }
    }

    private void checkLabelsAgainstPrompts() throws StreamDirectoryException {
        for (Map.Entry<String, LabelUse> entry : labelsByTask.entrySet()) {
            PromptsEvent prompts = promptsByTask.get(entry.getKey());
            LabelUse use = entry.getValue();
            if (prompts != null && use.maxLabel() >= prompts.classNames().size()) {
                throw new StreamDirectoryException(
                        streamFile,
                        use.line(),
                        "label " + use.maxLabel() + " of task \""
                                + entry.getKey() + "\" is out of range: its prompts (line " + prompts.line() + ") have "
                                + prompts.classNames().size() + " classes");
            }
        }
    }

    private int checkWidth(String modality, NpyHeader header, Path file) throws StreamDirectoryException {
        long width = header.shape()[1];
        if (width == 0) {
            throw error(relative(file) + ": width 0");
        }
        WidthSource known = widths.putIfAbsent(modality, new WidthSource((int) width, line, relative(file)));
        if (known != null && known.width() != width) {
            throw error(relative(file) + ": modality \"" + modality + "\" has width " + width + ", but " + known.file()
                    + " (line " + known.line() + ") gave it width " + known.width());
        }
        return (int) width;
    }

    private void checkFinite(Path file, NpyHeader header) throws IOException {
        long index = NpyReader.firstNonFinite(file, header);
        if (index >= 0) {
            long cols = header.shape()[1];
            throw error(relative(file) + ": non-finite value (NaN or Inf) at row " + index / cols + ", column "
                    + index % cols);
        }
    }

    private NpyHeader header(Path file) throws IOException {
        try {
            return NpyHeader.read(file);
        } catch (NpyFormatException e) {
            throw error(relative(file) + ": " + reasonOf(e));
        }
    }

    /**
     * The directory's file {@code name}, which must stay inside it both as written and once symbolic links
     * are followed (a link to /etc/passwd or ../x would read outside). A missing file is left to the
     * reader, which names it.
     */
    private Path file(String name) throws IOException {
        Path file = dir.resolve(name).normalize();
        if (!file.startsWith(dir)) {
            throw error("path \"" + name + "\" leaves the stream directory");
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Path real;
            try {
                real = file.toRealPath();
            } catch (NoSuchFileException e) {
                throw error("path \"" + name + "\" is a symbolic link to a file that does not exist");
            }
            if (!real.startsWith(realDir)) {
                throw error(
                        "path \"" + name + "\" leaves the stream directory through a symbolic link (to " + real + ")");
            }
        }
        return file;
    }

    private String text(JsonNode node, String field, boolean required) throws StreamDirectoryException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw error("missing \"" + field + "\"");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw error("\"" + field + "\" must be a non-empty string, found " + value);
        }
        return value.asText();
    }

    private void checkKeys(JsonNode node, Set<String> allowed) throws StreamDirectoryException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw error("unknown field \"" + key + "\" for type "
                        + node.get(StreamJsonl.TYPE).asText());
            }
        }
    }

    private String relative(Path file) {
        return dir.relativize(file).toString();
    }

    // NpyFormatException's message starts with the absolute path; the jsonl error names the relative one.
    private static String reasonOf(NpyFormatException e) {
        String message = e.getMessage();
        String prefix = e.file() + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private StreamDirectoryException error(String reason) {
        return new StreamDirectoryException(streamFile, line, reason);
    }
}
