package dev.kodo.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.ConfigurationException;

/** What a test of a failed start asserts on. */
final class StartupFailures {

    private StartupFailures() {
    }

    /** The message of the {@link ConfigurationException} that stopped the start; fails if there is none. */
    static String configurationError(Throwable thrown) {
        Throwable cause = thrown;
        while (cause != null && !(cause instanceof ConfigurationException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("a ConfigurationException in %s", thrown).isNotNull();
        return cause.getMessage();
    }
}
