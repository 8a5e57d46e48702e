package africa.bengobox.auth.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Typed, line-aware access to one YAML mapping of the import file: every error names the line it comes from,
 * and keys that are not part of the format are refused rather than silently ignored.
 */
final class YamlEntry {

    private final Path file;
    private final Node node;
    private final Map<String, Node> values = new LinkedHashMap<>();

    YamlEntry(Path file, Node node, Set<String> allowedKeys) {
        this.file = file;
        this.node = node;
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, "expected a mapping of keys to values");
        }
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw error(tuple.getKeyNode(), "keys must be plain names");
            }
            if (!allowedKeys.contains(key.getValue())) {
                throw error(key, "unknown key '" + key.getValue() + "'; expected one of " + allowedKeys.stream().sorted().toList());
            }
            values.put(key.getValue(), tuple.getValueNode());
        }
    }

    Path file() {
        return file;
    }

    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    int line() {
        return line(node);
    }

    int line(String key) {
        Node value = values.get(key);
        return value == null ? line() : line(value);
    }

    /** The line of the first value under this entry that the reason quotes ('value'), if any. */
    java.util.Optional<Integer> lineOfQuotedValue(String reason) {
        for (Node value : values.values()) {
            List<Node> candidates = value instanceof SequenceNode seq ? seq.getValue() : List.of(value);
            for (Node candidate : candidates) {
                if (candidate instanceof ScalarNode scalar && reason.contains("'" + scalar.getValue() + "'")) {
                    return java.util.Optional.of(line(candidate));
                }
            }
        }
        return java.util.Optional.empty();
    }

    ImportFileException error(String key, String reason) {
        return new ImportFileException(file, line(key), reason);
    }

    ImportFileException error(Node at, String reason) {
        return new ImportFileException(file, line(at), reason);
    }

    boolean has(String key) {
        Node value = values.get(key);
        return value != null && !isNull(value);
    }

    String string(String key) {
        Node value = values.get(key);
        if (value == null || isNull(value)) {
            return null;
        }
        if (!(value instanceof ScalarNode scalar)) {
            throw error(value, "'" + key + "' must be a single value");
        }
        return scalar.getValue();
    }

    String requiredString(String key) {
        String value = string(key);
        if (value == null || value.isBlank()) {
            throw new ImportFileException(file, line(key), "'" + key + "' is required");
        }
        return value;
    }

    Boolean bool(String key) {
        String value = string(key);
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true", "True", "TRUE", "yes" -> true;
            case "false", "False", "FALSE", "no" -> false;
            default -> throw error(key, "'" + key + "' must be true or false");
        };
    }

    List<String> strings(String key) {
        Node value = values.get(key);
        if (value == null || isNull(value)) {
            return null;
        }
        if (!(value instanceof SequenceNode sequence)) {
            throw error(value, "'" + key + "' must be a list");
        }
        List<String> result = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            if (!(item instanceof ScalarNode scalar) || isNull(item)) {
                throw error(item, "'" + key + "' must be a list of single values");
            }
            result.add(scalar.getValue());
        }
        return result;
    }

    List<YamlEntry> entries(String key, Set<String> allowedKeys) {
        Node value = values.get(key);
        if (value == null || isNull(value)) {
            return List.of();
        }
        if (!(value instanceof SequenceNode sequence)) {
            throw error(value, "'" + key + "' must be a list");
        }
        return sequence.getValue().stream().map(n -> new YamlEntry(file, n, allowedKeys)).toList();
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && node.getTag().getValue().endsWith(":null");
    }
}
