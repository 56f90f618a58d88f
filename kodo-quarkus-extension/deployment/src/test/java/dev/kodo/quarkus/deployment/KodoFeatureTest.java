package dev.kodo.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The startup log lists {@code kodo} among the installed features, as Quarkus users look for it. */
class KodoFeatureTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.http.test-port", "0")
            .setLogRecordPredicate(record -> "io.quarkus".equals(record.getLoggerName()))
            .assertLogRecords(records -> assertThat(records)
                    .map(record -> ((ExtLogRecord) record).getFormattedMessage())
                    .filteredOn(message -> message.startsWith("Installed features: "))
                    .singleElement().asString().containsPattern("[\\[ ]kodo[,\\]]"));

    @Test
    void applicationStarts() {
        // The assertion is on the startup log, after the application stopped.
    }
}
