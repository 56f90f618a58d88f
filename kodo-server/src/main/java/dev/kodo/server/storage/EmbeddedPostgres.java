package dev.kodo.server.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-setup database: a PostgreSQL server run from the binaries packaged in the jar, with its data in a
 * directory of the user's home, so that {@code java -jar kodo-server.jar} keeps its runs across restarts.
 *
 * <p>It listens on loopback only and asks for a password (SCRAM-SHA-256), generated at the first start and kept
 * beside the data directory in {@code <data directory>.password}, readable by its owner only: another local user
 * cannot connect, let alone as the superuser. Durable by default: {@code fsync} and {@code synchronous_commit} are
 * on (zonky's own defaults, meant for tests, turn both off), so a run acknowledged with 202 survives a crash.
 *
 * <p>When another process (a running server, while {@code keys create} runs) already serves the data directory,
 * this one connects to it instead of starting a second server.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    /** zonky's lock file in the data directory, held by the JVM that started the server. */
    private static final String OWNER_LOCK = "epg-lock";
    /** The superuser initdb creates; the server connects as it. */
    static final String USER = "postgres";
    private static final String PASSWORD_METHOD = "scram-sha-256";
    private static final String PASSWORD_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A {@code pg_hba.conf} line that lets anyone in: METHOD trust, possibly followed by options. */
    private static final Pattern TRUST = Pattern.compile("^(\\s*(?:local|host)\\S*\\s.*?\\s)trust(\\s.*)?$");

    private final Path dataDirectory;
    private final int port;
    private final String password;
    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres owned;

    private EmbeddedPostgres(Path dataDirectory, int port, String password,
                             io.zonky.test.db.postgres.embedded.EmbeddedPostgres owned) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.password = password;
        this.owned = owned;
    }

    /**
     * Starts PostgreSQL on {@code dataDirectory} (creating the database on first use), or attaches to the one
     * another process runs there.
     *
     * @param runtimeDirectory where the PostgreSQL binaries are unpacked
     * @param port             0 for any free port
     * @param settings         server settings, passed as {@code -c name=value}; they may override the durable
     *                         {@code fsync=on} and {@code synchronous_commit=on}
     */
    public static EmbeddedPostgres start(Path dataDirectory, Path runtimeDirectory, int port, Map<String, String> settings) {
        Path passwordFile = passwordFileOf(dataDirectory);
        try {
            Files.createDirectories(dataDirectory);
            Files.createDirectories(runtimeDirectory);
            boolean fresh = !Files.exists(dataDirectory.resolve("postgresql.conf"));
            boolean trusting = !fresh && trustsAnyone(dataDirectory);
            if (!fresh && !trusting && !Files.exists(passwordFile)) {
                throw new IllegalStateException("The embedded PostgreSQL in " + dataDirectory + " asks for a password, "
                        + "kept in " + passwordFile + ", which is missing. Restore that file; or, to set a new password, "
                        + "change " + PASSWORD_METHOD + " to trust in " + dataDirectory.resolve("pg_hba.conf")
                        + " and start the server once: it sets a new password and asks for it again.");
            }
            String password = readOrCreatePassword(passwordFile);
            Optional<Integer> servedBy = portOfRunningServer(dataDirectory);
            if (servedBy.isPresent()) {
                log.info("Embedded PostgreSQL in {} is already running (port {}); using it", dataDirectory, servedBy.get());
                return new EmbeddedPostgres(dataDirectory, servedBy.get(), password, null);
            }
            stopOrphan(dataDirectory);
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres.Builder builder =
                    io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                            .setDataDirectory(dataDirectory)
                            .setCleanDataDirectory(false)
                            .setOverrideWorkingDirectory(runtimeDirectory.toFile())
                            .setPort(port)
                            .setPGStartupWait(java.time.Duration.ofSeconds(60))
                            .setConnectConfig("password", password)
                            .setServerConfig("fsync", "on")
                            .setServerConfig("synchronous_commit", "on");
            if (fresh) {
                // zonky passes these to initdb as --name=value after its own "-A trust": the later option wins.
                builder.setLocaleConfig("auth", PASSWORD_METHOD).setLocaleConfig("pwfile", passwordFile.toString());
            }
            settings.forEach(builder::setServerConfig);
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg = builder.start();
            if (trusting) {
                requirePassword(pg, dataDirectory, password);
            }
            return new EmbeddedPostgres(dataDirectory, pg.getPort(), password, pg);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL in " + dataDirectory
                    + ": " + e.getMessage() + ". Check that the directory is writable, or set KODO_DATABASE_URL "
                    + "to use an external PostgreSQL.", e);
        }
    }

    /** The JDBC URL of the {@code postgres} database; connect as {@link #user()} with {@link #password()}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    /** Where the password of the server on {@code dataDirectory} is kept: beside it, {@code <data directory>.password}. */
    public static Path passwordFileOf(Path dataDirectory) {
        Path absolute = dataDirectory.toAbsolutePath().normalize();
        return absolute.resolveSibling(absolute.getFileName() + ".password");
    }

    /** The password in {@code file}; on first use a new random one, written readable by its owner only. */
    private static String readOrCreatePassword(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        StringBuilder password = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            password.append(PASSWORD_CHARACTERS.charAt(RANDOM.nextInt(PASSWORD_CHARACTERS.length())));
        }
        Path written = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".new");
        try {
            Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own protection applies
        }
        Files.writeString(written, password);
        Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
        return password.toString();
    }

    /** {@code true} when {@code pg_hba.conf} lets some connection in without a password (as initdb's trust did). */
    private static boolean trustsAnyone(Path dataDirectory) throws IOException {
        Path hba = dataDirectory.resolve("pg_hba.conf");
        return Files.exists(hba) && Files.readAllLines(hba).stream().anyMatch(line -> TRUST.matcher(line).matches());
    }

    /**
     * Moves a data directory made by an earlier version (trust on loopback) to passwords: sets the superuser's
     * password, then makes every trust line of {@code pg_hba.conf} ask for it and reloads the configuration.
     */
    private static void requirePassword(io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg, Path dataDirectory,
                                        String password) throws IOException, SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            // The password is ours, letters and digits only: safe to quote. ALTER ROLE takes no parameters.
            s.execute("ALTER ROLE " + USER + " PASSWORD '" + password + "'");
            Path hba = dataDirectory.resolve("pg_hba.conf");
            List<String> lines = Files.readAllLines(hba).stream()
                    .map(line -> TRUST.matcher(line).replaceFirst("$1" + PASSWORD_METHOD + "$2"))
                    .toList();
            Files.write(hba, lines);
            s.execute("SELECT pg_reload_conf()");
        }
        log.warn("The embedded PostgreSQL in {} let any local process in without a password; it now asks for the one in {}",
                dataDirectory, passwordFileOf(dataDirectory));
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
