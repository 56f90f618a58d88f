package dev.kodo.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConnectionStringTest {

    @Test
    void urlFormMovesCredentialsOutOfTheJdbcUrl() {
        ConnectionString c = ConnectionString.parse("postgres://kodo:p%40ss+word@db:6543/app?sslmode=require");

        assertThat(c.kind()).isEqualTo(SourceKind.POSTGRES);
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db:6543/app?sslmode=require");
        assertThat(c.properties()).containsEntry("user", "kodo").containsEntry("password", "p@ss+word");
        assertThat(c.target()).isEqualTo("db:6543/app");
    }

    @Test
    void jdbcUrlsPassThroughAndMysqlSchemeIsAcceptedByTheMariadbDriver() {
        assertThat(ConnectionString.parse("jdbc:postgresql://db/app?user=u").jdbcUrl())
                .isEqualTo("jdbc:postgresql://db/app?user=u");
        assertThat(ConnectionString.parse("jdbc:postgresql://db/app").target()).isEqualTo("db:5432/app");
        ConnectionString mysql = ConnectionString.parse("jdbc:mysql://db:3307/shop?user=u");
        assertThat(mysql.kind()).isEqualTo(SourceKind.MYSQL);
        assertThat(mysql.jdbcUrl()).isEqualTo("jdbc:mysql://db:3307/shop?user=u&permitMysqlScheme");
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
    void aMalformedStringIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> ConnectionString.parse("host=db password=hunter2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("postgres://user:password@host:5432/database")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ConnectionString.parse("oracle://db/x")).isInstanceOf(IllegalArgumentException.class);
    }
}
