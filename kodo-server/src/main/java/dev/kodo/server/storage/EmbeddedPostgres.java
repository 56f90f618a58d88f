package dev.kodo.server.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-setup database: a PostgreSQL server run from the binaries packaged in the jar, with its data in a
 * directory of the user's home, so that {@code java -jar kodo-server.jar} keeps its runs across restarts.
 *
 * <p>When another process (a running server, while {@code keys create} runs) already serves the data directory,
 * this one connects to it instead of starting a second server.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    /** zonky's lock file in the data directory, held by the JVM that started the server. */
    private static final String OWNER_LOCK = "epg-lock";

    private final Path dataDirectory;
    private final int port;
    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres owned;

    private EmbeddedPostgres(Path dataDirectory, int port, io.zonky.test.db.postgres.embedded.EmbeddedPostgres owned) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.owned = owned;
    }

    /**
     * Starts PostgreSQL on {@code dataDirectory} (creating the database on first use), or attaches to the one
     * another process runs there.
     *
     * @param runtimeDirectory where the PostgreSQL binaries are unpacked
     * @param port             0 for any free port
     * @param settings         server settings, passed as {@code -c name=value}
     */
    public static EmbeddedPostgres start(Path dataDirectory, Path runtimeDirectory, int port, Map<String, String> settings) {
        try {
            Files.createDirectories(dataDirectory);
            Files.createDirectories(runtimeDirectory);
            Optional<Integer> servedBy = portOfRunningServer(dataDirectory);
            if (servedBy.isPresent()) {
                log.info("Embedded PostgreSQL in {} is already running (port {}); using it", dataDirectory, servedBy.get());
                return new EmbeddedPostgres(dataDirectory, servedBy.get(), null);
            }
            stopOrphan(dataDirectory);
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres.Builder builder =
                    io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                            .setDataDirectory(dataDirectory)
                            .setCleanDataDirectory(false)
                            .setOverrideWorkingDirectory(runtimeDirectory.toFile())
                            .setPort(port)
                            .setPGStartupWait(java.time.Duration.ofSeconds(60));
            settings.forEach(builder::setServerConfig);
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg = builder.start();
            return new EmbeddedPostgres(dataDirectory, pg.getPort(), pg);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory
                    + ": " + e.getMessage() + ". Check that the directory is writable, or set KODO_DATABASE_URL "
                    + "to use an external PostgreSQL.", e);
        }
    }

    /** The JDBC URL of the {@code postgres} database, as superuser {@code postgres} (trust authentication on loopback). */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public int port() {
        return port;
    }

    /** {@code true} when this process started the server (and stops it on {@link #close()}). */
    public boolean owned() {
        return owned != null;
    }

    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (IOException e) {
                log.warn("Could not stop the embedded PostgreSQL in {}: {}", dataDirectory, e.getMessage());
            }
        }
    }

    /** The port of a server that a live JVM started on this data directory, if any. */
    private static Optional<Integer> portOfRunningServer(Path dataDirectory) throws IOException {
        Path lockFile = dataDirectory.resolve(OWNER_LOCK);
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(lockFile) || !Files.exists(pidFile)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                lock.release();
                return Optional.empty();
            }
        } catch (OverlappingFileLockException e) {
            // this very JVM started it (a test, or the keys command run in-process)
        }
        List<String> lines = Files.readAllLines(pidFile);
        // postmaster.pid: pid, data directory, start time, port, ...
        return lines.size() > 3 ? Optional.of(Integer.parseInt(lines.get(3).trim())) : Optional.empty();
    }

    /** Stops a PostgreSQL left running by a JVM that was killed, so the data directory can be started again. */
    private static void stopOrphan(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (process.isPresent()) {
            log.warn("Stopping PostgreSQL (pid {}) left running on {} by a server that did not shut down", pid, dataDirectory);
            process.get().destroy();
            try {
                process.get().onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IOException("PostgreSQL pid " + pid + " still runs on " + dataDirectory + "; stop it first", e);
            }
        }
    }
}
