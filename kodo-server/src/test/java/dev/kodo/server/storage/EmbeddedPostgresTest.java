package dev.kodo.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kodo.server.KodoServerProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The embedded PostgreSQL as {@code java -jar kodo-server.jar} starts it, with its default settings. */
class EmbeddedPostgresTest {

    private static final Path RUNTIME = Path.of("target", "kodo-home", "postgres-runtime").toAbsolutePath();
    private static final Map<String, String> DEFAULTS = new KodoServerProperties().getEmbeddedDatabase().getSettings();

    private final Path dataDirectory = Path.of("target", "embedded-postgres", UUID.randomUUID().toString(), "postgres")
            .toAbsolutePath();

    @Test
    void itAsksForAPasswordThatOnlyItsOwnerCanReadAndAcknowledgesOnlyWhatIsOnDisk() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dataDirectory, RUNTIME, 0, DEFAULTS)) {
            Path passwordFile = dataDirectory.resolveSibling("postgres.password");
            assertThat(EmbeddedPostgres.passwordFileOf(dataDirectory)).isEqualTo(passwordFile);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
            assertThat(Files.readString(passwordFile)).isEqualTo(pg.password()).hasSize(32);

            assertThat(connectFails(pg, "not-the-password")).as("SQLSTATE invalid_password").isEqualTo("28P01");
            assertThat(connectFails(pg, null)).as("no password at all").isNotNull();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
                assertThat(show(c, "fsync")).isEqualTo("on");
                assertThat(show(c, "synchronous_commit")).isEqualTo("on");
                assertThat(show(c, "listen_addresses")).isEqualTo("localhost");
            }
            assertThat(Files.readString(dataDirectory.resolve("pg_hba.conf"))).doesNotContainPattern("(?m)^[^#].*\\strust\\s*$");
        }

        Files.delete(EmbeddedPostgres.passwordFileOf(dataDirectory));
        assertThatThrownBy(() -> EmbeddedPostgres.start(dataDirectory, RUNTIME, 0, DEFAULTS))
                .hasMessageContaining("postgres.password, which is missing").hasMessageContaining("change scram-sha-256 to trust");
    }

    @Test
    void aDataDirectoryMadeWithoutPasswordsAsksForOneFromItsNextStartOn() throws Exception {
        // What earlier versions left: initdb's trust on loopback, no password for the superuser.
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false).setOverrideWorkingDirectory(RUNTIME.toFile()).start().close();

        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dataDirectory, RUNTIME, 0, DEFAULTS)) {
            assertThat(connectFails(pg, "not-the-password")).isEqualTo("28P01");
            assertThat(connectFails(pg, pg.password())).isNull();
        }
        try (EmbeddedPostgres again = EmbeddedPostgres.start(dataDirectory, RUNTIME, 0, DEFAULTS)) {
            assertThat(connectFails(again, again.password())).as("the next start uses the same password").isNull();
            assertThat(connectFails(again, "not-the-password")).isEqualTo("28P01");
        }
    }

    /** The SQLSTATE of a failed connection with {@code password}, or {@code null} when it connects. */
    private static String connectFails(EmbeddedPostgres pg, String password) {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), password)) {
            return null;
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
