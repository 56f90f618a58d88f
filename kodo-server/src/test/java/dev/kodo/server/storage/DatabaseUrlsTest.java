package dev.kodo.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlsTest {

    @Test
    void aJdbcUrlIsTakenAsItIs() {
        assertThat(DatabaseUrls.toJdbc("jdbc:postgresql://db:5432/kodo?user=kodo&password=s3cret"))
                .isEqualTo(new DatabaseUrls.Jdbc("jdbc:postgresql://db:5432/kodo?user=kodo&password=s3cret", null, null));
    }

    @Test
    void aLibpqUrlBecomesJdbcWithUserAndPasswordApart() {
        assertThat(DatabaseUrls.toJdbc("postgresql://kodo:p%40ss@db.internal:6543/kodo?sslmode=require"))
                .isEqualTo(new DatabaseUrls.Jdbc("jdbc:postgresql://db.internal:6543/kodo?sslmode=require", "kodo", "p@ss"));
        assertThat(DatabaseUrls.toJdbc("postgres://db/kodo")).isEqualTo(new DatabaseUrls.Jdbc("jdbc:postgresql://db/kodo", null, null));
    }

    @Test
    void anythingElseIsRejectedShowingBothFormsWithoutThePassword() {
        assertThatThrownBy(() -> DatabaseUrls.toJdbc("mysql://root:hunter2@db/kodo"))
                .hasMessageContaining("KODO_DATABASE_URL").hasMessageContaining("jdbc:postgresql://")
                .hasMessageContaining("postgresql://kodo:secret@").hasMessageNotContaining("hunter2");
    }

    @Test
    void passwordsAreMaskedForLogs() {
        assertThat(DatabaseUrls.withoutPassword("jdbc:postgresql://db/kodo?user=kodo&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/kodo?user=kodo&password=***&ssl=true");
        assertThat(DatabaseUrls.withoutPassword("postgresql://kodo:s3cret@db/kodo")).isEqualTo("postgresql://kodo:***@db/kodo");
    }
}
