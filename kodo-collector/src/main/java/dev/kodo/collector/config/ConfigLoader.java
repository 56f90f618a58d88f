package dev.kodo.collector.config;

import dev.kodo.core.Durations;
import dev.kodo.core.run.RunLimits;
import dev.kodo.core.run.RunStatus;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads kodo.yaml: checks every field, resolves {@code ${VAR}} and {@code ${VAR:-default}} from the environment,
 * and reports every problem at once, each with file:line:column, the field and the fix.
 *
 * <pre>{@code
 * CollectorConfig config = ConfigLoader.fromEnvironment().load(Path.of("kodo.yaml"));
 * }</pre>
 */
public final class ConfigLoader {

    /** Names a process may not exceed: run ids ({@code <name>:<row id>}) are at most 128 characters. */
    static final int MAX_PROCESS_NAME_LENGTH = 64;

    private static final List<String> TOP_KEYS = List.of("endpoint", "api_key", "service", "environment",
            "poll_interval", "commit_lag", "batch_size", "max_pending", "query_timeout", "processes");
    private static final List<String> PROCESS_KEYS = List.of("name", "source", "connection", "table", "id",
            "status", "status_map", "started_at", "completed_at", "cursor", "error", "step", "attributes",
            "stuck_after", "timezone");

    private final Map<String, String> environment;

    public ConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** A loader that resolves variables from this process's environment. */
    public static ConfigLoader fromEnvironment() {
        return new ConfigLoader(System.getenv());
    }

    /** Reads and checks {@code file}. */
    public CollectorConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + " not found: create it (see `kodo collect --help` for an example) or "
                    + "point to it with --config PATH");
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        }
        return parse(file, text);
    }

    /** Checks kodo.yaml's {@code text}; {@code file} names it in messages. */
    public CollectorConfig parse(Path file, String text) throws ConfigException {
        String name = file.toString();
        Node root;
        try {
            Optional<Node> composed = new Compose(LoadSettings.builder().setLabel(name).build()).composeString(text);
            if (composed.isEmpty()) {
                throw new ConfigException(name + " is empty: it needs a `processes:` list (see `kodo collect "
                        + "--help` for an example)");
            }
            root = composed.get();
        } catch (MarkedYamlEngineException e) {
            Location at = e.getProblemMark().map(m -> location(name, m)).orElse(new Location(name, 1, 1));
            String context = e.getContext() == null ? "" : " (" + e.getContext() + e.getContextMark()
                    .map(m -> " started at " + (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse("") + ")";
            throw new ConfigException(at + ": not valid YAML: " + e.getProblem() + context);
        } catch (YamlEngineException e) {
            throw new ConfigException(name + ": not valid YAML: " + e.getMessage());
        }
        Checker checker = new Checker(name);
        CollectorConfig config = checker.top(file, root);
        if (!checker.problems.isEmpty()) {
            throw new ConfigException(name, checker.problems);
        }
        return config;
    }

    private static Location location(String file, Mark mark) {
        return new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    /** Walks the node tree, collecting problems instead of stopping at the first. */
    private final class Checker {

        final String file;
        final List<ConfigProblem> problems = new ArrayList<>();
        final Variables variables = new Variables(environment);

        Checker(String file) {
            this.file = file;
        }

        CollectorConfig top(Path path, Node root) {
            Map<String, NodeTuple> m = mapping(root, "(top level)", TOP_KEYS,
                    "kodo.yaml must be a mapping with a `processes:` list");
            if (m == null) {
                return null;
            }
            URI endpoint = endpoint(m.get("endpoint"));
            String apiKey = string(m.get("api_key"), "api_key");
            if (apiKey == null) {
                apiKey = blankToNull(environment.get("KODO_API_KEY"));
            }
            String service = string(m.get("service"), "service");
            String env = string(m.get("environment"), "environment");
            Duration poll = duration(m.get("poll_interval"), "poll_interval", CollectorConfig.DEFAULT_POLL_INTERVAL,
                    false);
            Duration lag = duration(m.get("commit_lag"), "commit_lag", CollectorConfig.DEFAULT_COMMIT_LAG, true);
            int batch = positiveInt(m.get("batch_size"), "batch_size", CollectorConfig.DEFAULT_BATCH_SIZE);
            int maxPending = positiveInt(m.get("max_pending"), "max_pending", CollectorConfig.DEFAULT_MAX_PENDING);
            Duration queryTimeout = duration(m.get("query_timeout"), "query_timeout",
                    CollectorConfig.DEFAULT_QUERY_TIMEOUT, false);
            List<ProcessConfig> processes = processes(m.get("processes"), root);
            return new CollectorConfig(path, endpoint, apiKey, service == null ? CollectorConfig.DEFAULT_SERVICE
                    : service, env, poll, lag, batch, maxPending, queryTimeout, processes);
        }

        List<ProcessConfig> processes(NodeTuple t, Node root) {
            List<ProcessConfig> out = new ArrayList<>();
            if (t == null) {
                problem(root, "processes", "missing required field: list the tables to read, e.g.\n"
                        + "    processes:\n      - name: webhook-delivery\n        source: postgres\n        ...");
                return out;
            }
            Node value = t.getValueNode();
            if (!(value instanceof SequenceNode) || ((SequenceNode) value).getValue().isEmpty()) {
                problem(value, "processes", "must be a non-empty list of processes (each item starts with `- name:`)");
                return out;
            }
            Map<String, Node> names = new HashMap<>();
            List<Node> items = ((SequenceNode) value).getValue();
            for (int i = 0; i < items.size(); i++) {
                ProcessConfig p = process(i, items.get(i));
                if (p == null) {
                    continue;
                }
                Node nameNode = nodeOf(items.get(i), "name");
                Node first = names.putIfAbsent(p.name(), nameNode);
                if (first != null) {
                    problem(nameNode, "processes[" + i + "].name", "duplicate process name \"" + p.name()
                            + "\" (first at " + at(first) + "): names must be unique because run ids are "
                            + "<name>:<row id>; rename one of them");
                    continue;
                }
                out.add(p);
            }
            return out;
        }

        ProcessConfig process(int i, Node node) {
            String prefix = "processes[" + i + "]";
            int before = problems.size();
            Map<String, NodeTuple> m = mapping(node, prefix, PROCESS_KEYS,
                    "each process must be a mapping with name, source, connection, table, id, status, started_at");
            if (m == null) {
                return null;
            }
            Map<String, Location> locations = new HashMap<>();
            locations.put("-", at(node));
            m.forEach((k, t) -> locations.put(k, at(t.getValueNode())));

            String name = required(m, node, prefix, "name", "the process (workflow) name, e.g. name: webhook-delivery");
            if (name != null) {
                if (name.contains(":")) {
                    problem(m.get("name").getValueNode(), prefix + ".name", "must not contain ':' (run ids are "
                            + "<name>:<row id>); use e.g. \"" + name.replace(':', '-') + "\"");
                } else if (name.length() > MAX_PROCESS_NAME_LENGTH) {
                    problem(m.get("name").getValueNode(), prefix + ".name", "at most " + MAX_PROCESS_NAME_LENGTH
                            + " characters (was " + name.length() + ")");
                }
            }
            String sourceWord = required(m, node, prefix, "source", "the kind of database: postgres or mysql");
            SourceKind kind = null;
            if (sourceWord != null) {
                kind = SourceKind.fromWord(sourceWord);
                if (kind == null) {
                    problem(m.get("source").getValueNode(), prefix + ".source", "must be postgres or mysql (was \""
                            + sourceWord + "\")");
                }
            }
            ConnectionString connection = null;
            String conn = required(m, node, prefix, "connection",
                    "the database, e.g. connection: ${DATABASE_URL} (resolved here, never shipped)");
            if (conn != null) {
                try {
                    connection = ConnectionString.parse(conn);
                    if (kind != null && connection.kind() != kind) {
                        problem(m.get("connection").getValueNode(), prefix + ".connection", "is a "
                                + connection.kind().word() + " connection string but source is " + kind.word()
                                + ": make them agree");
                    }
                } catch (IllegalArgumentException e) {
                    problem(m.get("connection").getValueNode(), prefix + ".connection", "not a connection string: "
                            + e.getMessage());
                }
            }
            String table = identifier(m, node, prefix, "table", true, "the table that holds the runs, e.g. table: "
                    + "webhook_deliveries (or schema.table)");
            String id = identifier(m, node, prefix, "id", true, "the column that identifies a row, e.g. id: id");
            String status = identifier(m, node, prefix, "status", true,
                    "the column that holds each row's status, e.g. status: status");
            String startedAt = identifier(m, node, prefix, "started_at", true,
                    "the column with when a run started, e.g. started_at: created_at");
            String completedAt = identifier(m, node, prefix, "completed_at", false, null);
            String cursor = identifier(m, node, prefix, "cursor", false, null);
            String error = identifier(m, node, prefix, "error", false, null);
            String step = identifier(m, node, prefix, "step", false, null);
            Map<String, RunStatus> statusMap = statusMap(m.get("status_map"), prefix);
            List<String> attributes = attributes(m.get("attributes"), prefix);
            Duration stuckAfter = duration(m.get("stuck_after"), prefix + ".stuck_after", null, false);
            ZoneId zone = zone(m.get("timezone"), prefix + ".timezone");
            if (problems.size() > before) {
                return null;
            }
            String effectiveCursor = cursor != null ? cursor : completedAt != null ? completedAt : startedAt;
            return new ProcessConfig(i, name, connection, table, id, status, StatusMap.withDefaults(statusMap),
                    startedAt, completedAt, effectiveCursor, error, step, attributes, stuckAfter, zone, locations);
        }

        Map<String, RunStatus> statusMap(NodeTuple t, String prefix) {
            Map<String, RunStatus> out = new LinkedHashMap<>();
            if (t == null || isNull(t.getValueNode())) {
                return out;
            }
            String path = prefix + ".status_map";
            Node value = t.getValueNode();
            if (!(value instanceof MappingNode)) {
                problem(value, path, "must be a mapping from your status words to ok, failed or running, e.g. "
                        + "{ delivered: ok, failed: failed, pending: running }");
                return out;
            }
            Map<String, Node> seen = new HashMap<>();
            for (NodeTuple entry : ((MappingNode) value).getValue()) {
                Node keyNode = entry.getKeyNode();
                if (!(keyNode instanceof ScalarNode)) {
                    problem(keyNode, path, "keys must be status words (plain values)");
                    continue;
                }
                String word = ((ScalarNode) keyNode).getValue();
                Node first = seen.putIfAbsent(word, keyNode);
                if (first != null) {
                    problem(keyNode, path + "." + word, "duplicate key (first at " + at(first) + ")");
                    continue;
                }
                Node target = entry.getValueNode();
                String targetWord = target instanceof ScalarNode ? ((ScalarNode) target).getValue() : null;
                RunStatus s = RunStatus.fromWireName(targetWord);
                if (s == null) {
                    problem(target, path + "." + word, "must be ok, failed or running (was "
                            + (targetWord == null ? "not a plain value" : "\"" + targetWord + "\"") + ")");
                    continue;
                }
                out.put(word, s);
            }
            return out;
        }

        List<String> attributes(NodeTuple t, String prefix) {
            List<String> out = new ArrayList<>();
            if (t == null || isNull(t.getValueNode())) {
                return out;
            }
            String path = prefix + ".attributes";
            Node value = t.getValueNode();
            if (!(value instanceof SequenceNode)) {
                problem(value, path, "must be a list of column names, e.g. attributes: [customer_id, url]");
                return out;
            }
            List<Node> items = ((SequenceNode) value).getValue();
            if (items.size() > RunLimits.MAX_ATTRIBUTES) {
                problem(value, path, "at most " + RunLimits.MAX_ATTRIBUTES + " columns (was " + items.size() + ")");
                return out;
            }
            for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                String column = item instanceof ScalarNode && !isNull(item) ? resolve((ScalarNode) item,
                        path + "[" + i + "]") : null;
                if (column == null || column.isBlank()) {
                    problem(item, path + "[" + i + "]", "must be a column name");
                } else if (out.contains(column)) {
                    problem(item, path + "[" + i + "]", "column \"" + column + "\" is listed twice");
                } else {
                    out.add(column);
                }
            }
            return out;
        }

        URI endpoint(NodeTuple t) {
            String value = string(t, "endpoint");
            if (value == null) {
                value = blankToNull(environment.get("KODO_ENDPOINT"));
                if (value == null) {
                    return URI.create("http://localhost:7700");
                }
            }
            try {
                URI uri = URI.create(value.trim());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                    return uri;
                }
            } catch (IllegalArgumentException notUri) {
                // reported below
            }
            String message = "must be an http(s) URL such as http://localhost:7700 (was \"" + value + "\")";
            if (t == null) {
                problems.add(new ConfigProblem(new Location(file, 1, 1), "KODO_ENDPOINT (environment)", message));
            } else {
                problem(t.getValueNode(), "endpoint", message);
            }
            return null;
        }

        Duration duration(NodeTuple t, String path, Duration fallback, boolean zeroAllowed) {
            String value = string(t, path);
            if (value == null) {
                return fallback;
            }
            try {
                Duration d = Durations.parse(value);
                if (d.isNegative() || d.isZero() && !zeroAllowed) {
                    problem(t.getValueNode(), path, "must be " + (zeroAllowed ? "zero or more" : "more than zero")
                            + " (was \"" + value + "\")");
                    return fallback;
                }
                return d;
            } catch (IllegalArgumentException e) {
                problem(t.getValueNode(), path, e.getMessage());
                return fallback;
            }
        }

        int positiveInt(NodeTuple t, String path, int fallback) {
            String value = string(t, path);
            if (value == null) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(value.trim().replace("_", ""));
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problem(t.getValueNode(), path, "must be a whole number of at least 1 (was \"" + value + "\")");
            return fallback;
        }

        ZoneId zone(NodeTuple t, String path) {
            String value = string(t, path);
            if (value == null) {
                return ZoneOffset.UTC;
            }
            try {
                return ZoneId.of(value.trim());
            } catch (RuntimeException e) {
                problem(t.getValueNode(), path, "not a time zone: use UTC, an offset such as +02:00 or a region "
                        + "such as Europe/Berlin (was \"" + value + "\")");
                return ZoneOffset.UTC;
            }
        }

        String required(Map<String, NodeTuple> m, Node owner, String prefix, String key, String help) {
            NodeTuple t = m.get(key);
            String value = string(t, prefix + "." + key);
            if (value == null || value.isBlank()) {
                problem(t == null ? owner : t.getValueNode(), prefix + "." + key, (t == null ? "missing required field"
                        : "must not be empty") + ": " + help);
                return null;
            }
            return value;
        }

        String identifier(Map<String, NodeTuple> m, Node owner, String prefix, String key, boolean required,
                          String help) {
            String value = required ? required(m, owner, prefix, key, help) : string(m.get(key), prefix + "." + key);
            if (value == null) {
                return null;
            }
            String v = value.trim();
            if (v.isEmpty() || v.indexOf('\0') >= 0) {
                problem(m.get(key).getValueNode(), prefix + "." + key, "must be a column name");
                return null;
            }
            return v;
        }

        /** A scalar's value with variables resolved; {@code null} when absent or YAML null. */
        String string(NodeTuple t, String path) {
            if (t == null || isNull(t.getValueNode())) {
                return null;
            }
            Node value = t.getValueNode();
            if (!(value instanceof ScalarNode)) {
                problem(value, path, "must be a single value, not a " + (value instanceof MappingNode ? "mapping"
                        : "list"));
                return null;
            }
            return resolve((ScalarNode) value, path);
        }

        String resolve(ScalarNode node, String path) {
            return variables.resolve(node.getValue(), name -> problem(node, path, "unresolved variable ${" + name
                    + "}: set " + name + " in the environment of `kodo`, or give a default: ${" + name
                    + ":-value}"));
        }

        Map<String, NodeTuple> mapping(Node node, String path, List<String> known, String help) {
            if (!(node instanceof MappingNode)) {
                problem(node, path, help);
                return null;
            }
            Map<String, NodeTuple> out = new LinkedHashMap<>();
            for (NodeTuple t : ((MappingNode) node).getValue()) {
                Node keyNode = t.getKeyNode();
                String key = keyNode instanceof ScalarNode ? ((ScalarNode) keyNode).getValue() : null;
                String keyPath = path.startsWith("(") ? String.valueOf(key) : path + "." + key;
                if (key == null || !known.contains(key)) {
                    String suggestion = key == null ? null : closest(key, known);
                    problem(keyNode, keyPath, "unknown key" + (key == null ? "" : " \"" + key + "\"")
                            + (suggestion != null ? " (did you mean \"" + suggestion + "\"?)" : "")
                            + "; known keys: " + String.join(", ", known));
                    continue;
                }
                NodeTuple first = out.putIfAbsent(key, t);
                if (first != null) {
                    problem(keyNode, keyPath, "duplicate key (first at " + at(first.getKeyNode()) + "); keep one");
                }
            }
            return out;
        }

        Node nodeOf(Node mapping, String key) {
            for (NodeTuple t : ((MappingNode) mapping).getValue()) {
                if (t.getKeyNode() instanceof ScalarNode && key.equals(((ScalarNode) t.getKeyNode()).getValue())) {
                    return t.getValueNode();
                }
            }
            return mapping;
        }

        void problem(Node node, String path, String message) {
            problems.add(new ConfigProblem(at(node), path, message));
        }

        Location at(Node node) {
            return node.getStartMark().map(m -> location(file, m)).orElse(new Location(file, 1, 1));
        }
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The known key within edit distance 2 of {@code key}, if any: catches typos such as {@code tabel}. */
    static String closest(String key, List<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(key.toLowerCase(Locale.ROOT), k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] tmp = prev;
            prev = cur;
            cur = tmp;
        }
        return prev[b.length()];
    }
}
