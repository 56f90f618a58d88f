package dev.kodo.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.inject.spi.DeploymentException;

/** What a test of a failed build or start asserts on. */
final class StartupFailures {

    private StartupFailures() {
    }

    /** The message of the {@link ConfigurationException} that stopped the start; fails if there is none. */
    static String configurationError(Throwable thrown) {
        return messageOf(thrown, ConfigurationException.class);
    }

    /** The message of the {@link DeploymentException} with which ArC failed the build; fails if there is none. */
    static String deploymentError(Throwable thrown) {
        return messageOf(thrown, DeploymentException.class);
    }

    private static String messageOf(Throwable thrown, Class<? extends Throwable> type) {
        Throwable cause = thrown;
        while (cause != null && !type.isInstance(cause)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("a %s in %s", type.getSimpleName(), thrown).isNotNull();
        return cause.getMessage();
    }
}
