package dev.kodo.spring.autoconfigure;

import java.util.Arrays;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.util.ClassUtils;

/** Boot's own auto-configurations whose packages differ between Spring Boot 3.5 and 4, looked up by name. */
final class BootAutoConfigurations {

    private BootAutoConfigurations() {
    }

    /** A simple meter registry, as an application with the actuator gets one. */
    static AutoConfigurations metrics() {
        return of("MetricsAutoConfiguration", "export.simple.SimpleMetricsExportAutoConfiguration",
                "CompositeMeterRegistryAutoConfiguration");
    }

    private static AutoConfigurations of(String... simpleNames) {
        return AutoConfigurations.of(Arrays.stream(simpleNames).map(BootAutoConfigurations::load)
                .toArray(Class<?>[]::new));
    }

    private static Class<?> load(String name) {
        for (String pkg : new String[] {"org.springframework.boot.micrometer.metrics.autoconfigure.",
                "org.springframework.boot.actuate.autoconfigure.metrics."}) {
            if (ClassUtils.isPresent(pkg + name, null)) {
                return ClassUtils.resolveClassName(pkg + name, null);
            }
        }
        throw new IllegalStateException("neither Boot 4 nor Boot 3 has " + name);
    }
}
