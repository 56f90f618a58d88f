package dev.kodo.server;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * A real server on a random port over a real embedded PostgreSQL under {@code target/}. Every test class with
 * this annotation shares one server; tests keep apart by using projects of their own ({@link TestServer#newProject}).
 * Background jobs are off so that tests run the lost-run sweep and the rollups when they mean to.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = KodoServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "kodo.server.home=target/kodo-home",
        "kodo.server.embedded-database.data-directory=target/test-postgres/${random.uuid}",
        "kodo.server.embedded-database.settings.fsync=off",
        "kodo.server.jobs.enabled=false",
        "kodo.server.generate-first-keys=false",
        "kodo.server.ingest.max-body-size=256KB",
        "kodo.server.workflows.nightly-report.stuck-after=2h",
})
@Import(TestServer.class)
public @interface KodoServerTest {
}
