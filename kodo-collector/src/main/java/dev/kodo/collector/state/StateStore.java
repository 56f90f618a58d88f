package dev.kodo.collector.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kodo.collector.config.ProcessConfig;
import dev.kodo.collector.source.Position;
import dev.kodo.collector.source.TableSource.Scan;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The state file ({@code .kodo-collector-state.json} beside kodo.yaml unless {@code --state} says otherwise):
 * where each process's scans stand and which rows are pending. It is written atomically (temporary file, fsync,
 * rename, fsync of the directory), and only after the server acknowledged the runs it accounts for, so a crash at
 * any point leaves the last acknowledged position; what was sent after it is sent again and the server's upsert
 * by run id keeps each run counted once.
 *
 * <p>Processes that kodo.yaml no longer lists keep their entry, so that listing one again resumes it.
 *
 * <p>A writable store holds a lock on {@code <state file>.lock} so that two collectors never share one file.
 *
 * <pre>{@code
 * try (StateStore store = StateStore.open(path, true)) {
 *     ProcessState s = store.process(processConfig, false);
 *     s.advance(Scan.CURSOR, lastRow);
 *     store.save();
 * }
 * }</pre>
 */
public final class StateStore implements AutoCloseable {

    /** The state file's name when it sits beside kodo.yaml. */
    public static final String DEFAULT_FILE_NAME = ".kodo-collector-state.json";

    private static final int FORMAT_VERSION = 1;

    private final Path file;
    private final boolean writable;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Map<String, ProcessState> processes = new LinkedHashMap<>();
    private final FileChannel lockChannel;
    private final FileLock lock;

    private StateStore(Path file, boolean writable, FileChannel lockChannel, FileLock lock) {
        this.file = file;
        this.writable = writable;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** The default state file for a kodo.yaml: beside it. */
    public static Path besideConfig(Path config) {
        Path dir = config.toAbsolutePath().getParent();
        return dir.resolve(DEFAULT_FILE_NAME);
    }

    /**
     * Opens the state file (which need not exist yet).
     *
     * @param writable {@code false} for {@code --dry-run} and {@code validate}: read only, no lock, {@link #save()}
     *                 does nothing
     */
    public static StateStore open(Path file, boolean writable) throws StateException {
        FileChannel channel = null;
        FileLock lock = null;
        if (writable) {
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            try {
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            } catch (IOException e) {
                closeQuietly(channel);
                throw new StateException("cannot create " + lockFile + ": " + e.getMessage()
                        + " (the state file's folder must be writable; choose another with --state PATH)", e);
            }
            if (lock == null) {
                closeQuietly(channel);
                throw new StateException("another `kodo collect` is using " + file + " (it holds " + lockFile
                        + "); stop it first, or give each collector its own --state PATH");
            }
        }
        StateStore store = new StateStore(file, writable, channel, lock);
        try {
            store.read();
        } catch (StateException e) {
            store.close();
            throw e;
        }
        return store;
    }

    public Path file() {
        return file;
    }

    /**
     * The state of a configured process: what was saved for it, or a fresh state (from the start of its table).
     *
     * @param reset start over from the beginning of the table even if a position was saved
     * @throws StateException when the saved position belongs to another mapping (database, table, id, cursor
     *                        or started_at column, or timezone changed): continuing could skip rows or ship them
     *                        under new ids
     */
    public ProcessState process(ProcessConfig p, boolean reset) throws StateException {
        Mapping now = Mapping.of(p);
        ProcessState s = processes.get(p.name());
        if (s == null) {
            s = new ProcessState(now);
            processes.put(p.name(), s);
            return s;
        }
        if (!reset && !s.mapping().equals(now)) {
            if (s.mapping().differences(now).isEmpty()) {
                // Only fields an older collector did not record differ: record them now.
                s.adopt(now);
            } else {
                throw new StateException("process " + p.name() + " (" + p.locationOf("-") + ") changed since "
                        + file + " was written: " + String.join(", ", s.mapping().differences(now))
                        + ". The saved position belongs to the old mapping, so continuing from it could skip rows. "
                        + "To read the table from the beginning, run `kodo collect --reset " + p.name()
                        + "` (runs sent again are counted once: the server upserts by run id); to keep the old "
                        + "position, restore the old mapping.");
            }
        }
        if (reset) {
            s.reset(now);
        }
        return s;
    }

    /** Writes the state atomically. Does nothing for a read-only store. */
    public void save() throws StateException {
        if (!writable) {
            return;
        }
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(toJson());
        } catch (IOException e) {
            throw new StateException("cannot encode the state: " + e.getMessage(), e);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new StateException("cannot write " + file + ": " + e.getMessage()
                    + " (the runs were delivered; they will be sent again after a restart, which is harmless)", e);
        }
    }

    private static void syncDirectory(Path dir) {
        // Makes the rename itself durable; not every platform can open a directory, and then there is nothing to do.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort
        }
    }

    private ObjectNode toJson() {
        ObjectNode root = json.createObjectNode();
        root.put("version", FORMAT_VERSION);
        root.put("note", "Written by kodo collect: where each process's table was read up to. Delete a process's "
                + "entry (or use --reset NAME) to read its table again from the beginning.");
        ObjectNode ps = root.putObject("processes");
        processes.forEach((name, s) -> {
            ObjectNode p = ps.putObject(name);
            ObjectNode mapping = p.putObject("mapping");
            s.mapping().asMap().forEach(mapping::put);
            ObjectNode positions = p.putObject("positions");
            s.positions().forEach((scan, pos) -> positions.putObject(scan.name().toLowerCase(Locale.ROOT))
                    .put("at", pos.at().toString()).put("id", pos.id()));
            ArrayNode pending = p.putArray("pending");
            s.pending().forEach((id, started) -> pending.addObject().put("id", id)
                    .put("startedAt", started.toString()));
        });
        return root;
    }

    private void read() throws StateException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new StateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonNode root = json.readTree(bytes);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            int version = root.path("version").asInt(-1);
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("unknown format version " + root.path("version"));
            }
            for (Map.Entry<String, JsonNode> e : root.path("processes").properties()) {
                JsonNode p = e.getValue();
                JsonNode m = p.path("mapping");
                Mapping mapping = new Mapping(text(m, "source"), text(m, "database"), text(m, "table"),
                        text(m, "id"), text(m, "cursor"), optionalText(m, "started_at"), optionalText(m, "timezone"));
                ProcessState s = new ProcessState(mapping);
                for (Scan scan : Scan.values()) {
                    JsonNode pos = p.path("positions").path(scan.name().toLowerCase(Locale.ROOT));
                    if (pos.isObject()) {
                        s.advance(scan, new Position(Instant.parse(text(pos, "at")), text(pos, "id")));
                    }
                }
                for (JsonNode pending : p.path("pending")) {
                    s.pending().put(text(pending, "id"), Instant.parse(text(pending, "startedAt")));
                }
                processes.put(e.getKey(), s);
            }
        } catch (IOException | RuntimeException e) {
            throw new StateException("cannot read " + file + ": " + e.getMessage() + ". It records where each "
                    + "process's table was read up to. If it is damaged, move it away: the collector then reads "
                    + "each table from the beginning again (the server counts each run once).", e);
        }
    }

    private static String optionalText(JsonNode node, String field) {
        return node.has(field) ? text(node, field) : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing \"" + field + "\"");
        }
        return v.asText();
    }

    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.release();
            }
        } catch (IOException ignored) {
            // released when the channel closes anyway
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
