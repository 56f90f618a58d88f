package dev.kodo.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionStringTest {

    /** Passwords as people type them, unencoded. */
    static final List<String> NASTY_PASSWORDS = List.of("ab/cd", "ab?cd", "ab@cd", "ab#cd", "ab%zzcd", "ab:cd",
            "a/b?c@d#e%f:g", "p@ss/w?rd@x", "@/?#", "ab%2Fcd", "ab&password=x");

    @Test
    void urlFormMovesCredentialsOutOfTheJdbcUrl() {
        ConnectionString c = ConnectionString.parse("postgres://kodo:p%40ss+word@db:6543/app?sslmode=require");

        assertThat(c.kind()).isEqualTo(SourceKind.POSTGRES);
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db:6543/app?sslmode=require");
        assertThat(c.properties()).containsEntry("user", "kodo").containsEntry("password", "p@ss+word");
        assertThat(c.target()).isEqualTo("db:6543/app");
    }

    @Test
    void aPasswordWithUnencodedSpecialCharactersEndsAtTheLastAt() {
        for (String pw : NASTY_PASSWORDS) {
            ConnectionString c = ConnectionString.parse("postgres://kodo:" + pw + "@db:5432/app?sslmode=require");

            assertThat(c.properties()).as(pw).containsEntry("user", "kodo")
                    .containsEntry("password", pw.equals("ab%2Fcd") ? "ab/cd" : pw);
            assertThat(c.jdbcUrl()).as(pw).isEqualTo("jdbc:postgresql://db:5432/app?sslmode=require");
            assertThat(c.target()).as(pw).isEqualTo("db:5432/app");
            assertThat(c.redacted()).as(pw).isEqualTo("postgres://kodo:****@db:5432/app?sslmode=require");
            assertThat(c.scrub("FATAL: password " + c.properties().getProperty("password") + " rejected"))
                    .as(pw).isEqualTo("FATAL: password **** rejected");
        }
    }

    @Test
    void passwordsNeverShowInRedactedTargetOrScrubbedTextInAnyForm() {
        for (String pw : NASTY_PASSWORDS) {
            for (String url : List.of("postgres://kodo:" + pw + "@db:5432/app", "mysql://kodo:" + pw + "@db/shop",
                    "postgresql://kodo:" + pw + "@db1:5432,db2:5433/app", "mariadb://" + "kodo:" + pw + "@[::1]:3306/x",
                    "postgres://kodo:" + pw + "@db")) {
                ConnectionString c = ConnectionString.parse(url);
                String text = c.redacted() + " " + c.target() + " " + c + " " + c.scrub("error in " + url + ": "
                        + pw + " / " + c.properties().getProperty("password"));
                assertThat(text).as(url).doesNotContain(pw).doesNotContain(c.properties().getProperty("password"));
                assertThat(c.jdbcUrl()).as(url).doesNotContain(pw);
            }
        }
    }

    @Test
    void jdbcUrlsKeepTheirPasswordParameterButNeverShowIt() {
        ConnectionString c = ConnectionString.parse("jdbc:postgresql://db/app?user=kodo&password=a/b?c@d#e%zz:f&ssl=1");

        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db/app?user=kodo&password=a/b?c@d#e%zz:f&ssl=1");
        assertThat(c.target()).isEqualTo("db:5432/app");
        assertThat(c.redacted()).isEqualTo("jdbc:postgresql://db/app?user=kodo&password=****&ssl=1");
        assertThat(c.scrub("bad password a/b?c@d#e%zz:f for " + c.jdbcUrl())).doesNotContain("a/b?c@d#e%zz:f")
                .doesNotContain("c@d");
        ConnectionString encoded = ConnectionString.parse("jdbc:mariadb://db/shop?password=p%40ss");
        assertThat(encoded.scrub("driver says p@ss and p%40ss")).isEqualTo("driver says **** and ****");
    }

    @Test
    void aJdbcUrlWithUserInfoIsRefusedWithoutRepeatingIt() {
        for (String pw : NASTY_PASSWORDS) {
            String url = "jdbc:postgresql://kodo:" + pw + "@db:5432/app";
            assertThatThrownBy(() -> ConnectionString.parse(url)).as(url)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the value is not repeated here")
                    .hasMessageNotContaining(pw);
        }
    }

    @Test
    void aJdbcUrlWithUserInfoSaysWhereCredentialsGo() {
        assertThatThrownBy(() -> ConnectionString.parse("jdbc:postgresql://kodo:ab/cd@db/app"))
                .hasMessageContaining("?user=...&password=...").hasMessageNotContaining("ab/cd");
    }

    @Test
    void jdbcUrlsPassThroughAndMysqlSchemeIsAcceptedByTheMariadbDriver() {
        assertThat(ConnectionString.parse("jdbc:postgresql://db/app?user=u").jdbcUrl())
                .isEqualTo("jdbc:postgresql://db/app?user=u");
        assertThat(ConnectionString.parse("jdbc:postgresql://db/app").target()).isEqualTo("db:5432/app");
        assertThat(ConnectionString.parse("jdbc:postgresql:///app").target()).isEqualTo("localhost:5432/app");
        ConnectionString mysql = ConnectionString.parse("jdbc:mysql://db:3307/shop?user=u");
        assertThat(mysql.kind()).isEqualTo(SourceKind.MYSQL);
        assertThat(mysql.jdbcUrl()).isEqualTo("jdbc:mysql://db:3307/shop?user=u&permitMysqlScheme");
        assertThat(mysql.redacted()).isEqualTo("jdbc:mysql://db:3307/shop?user=u");
        assertThat(ConnectionString.parse("mariadb://u:p@db/shop").jdbcUrl()).isEqualTo("jdbc:mariadb://db/shop");
        assertThat(ConnectionString.parse("mysql://u:p@db/shop").target()).isEqualTo("db:3306/shop");
    }

    @Test
    void passwordsNeverShowInItsTextNorInScrubbedDriverMessages() {
        ConnectionString url = ConnectionString.parse("postgres://kodo:hunter2@db:5432/app");
        ConnectionString jdbc = ConnectionString.parse("jdbc:postgresql://db/app?user=kodo&password=hunter2&ssl=true");

        assertThat(url.redacted()).isEqualTo("postgres://kodo:****@db:5432/app");
        assertThat(url.toString()).doesNotContain("hunter2");
        assertThat(jdbc.redacted()).isEqualTo("jdbc:postgresql://db/app?user=kodo&password=****&ssl=true");
        assertThat(url.scrub("FATAL: password hunter2 rejected for postgres://kodo:hunter2@db:5432/app"))
                .doesNotContain("hunter2");
        assertThat(jdbc.scrub("could not use hunter2")).isEqualTo("could not use ****");
    }

    @Test
    void aUserNameThatIsNotPlainIsNotShownEither() {
        assertThat(ConnectionString.parse("postgres://ko%2Bdo@db/app").redacted()).isEqualTo("postgres://ko%2Bdo@db/app");
        assertThat(ConnectionString.parse("postgres://k*do@db/app").redacted()).isEqualTo("postgres://****@db/app");
        assertThat(ConnectionString.parse("postgres://kodo@db/app").redacted()).isEqualTo("postgres://kodo@db/app");
    }

    @Test
    void anAtAfterTheHostIsRefusedNotTakenForCredentials() {
        // Without the check this would connect to host "x" as user "db/app?application_name=me".
        assertThatThrownBy(() -> ConnectionString.parse("postgres://db/app?application_name=me@x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("%40")
                .hasMessageNotContaining("application_name");
        assertThatThrownBy(() -> ConnectionString.parse("postgres://tok/en@db/app"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("tok/en");
        assertThat(ConnectionString.parse("postgres://db/app?application_name=me%40x").target()).isEqualTo("db:5432/app");
    }

    @Test
    void aJdbcUrlMayCarryAnAtInItsUserParameter() {
        ConnectionString c = ConnectionString.parse(
                "jdbc:postgresql://kodo.postgres.database.azure.com:5432/app?user=kodo@kodo&password=s3cret@1");
        assertThat(c.target()).isEqualTo("kodo.postgres.database.azure.com:5432/app");
        assertThat(c.redacted()).doesNotContain("s3cret");
    }

    @Test
    void aMalformedStringIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> ConnectionString.parse("host=db password=hunter2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("postgres://user:password@host:5432/database")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ConnectionString.parse("postgres://kodo:hunter2@"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ConnectionString.parse("postgres://kodo:hunter2@db:port/app"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ConnectionString.parse("oracle://db/x")).isInstanceOf(IllegalArgumentException.class);
    }
}
