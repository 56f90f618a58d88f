package dev.kodo.spring.autoconfigure;

import dev.kodo.core.Kodo;
import dev.kodo.spring.actuate.KodoReporterHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The health component {@code kodo} for the reporter, on Spring Boot 4 (whose health API lives in
 * {@code org.springframework.boot.health}). On Boot 3.5 this configuration stays off; the endpoint {@code kodo}
 * shows the reporter's state there. Turn it off with {@code management.health.kodo.enabled=false}.
 */
@AutoConfiguration(after = KodoAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.AbstractHealthIndicator")
@ConditionalOnSingleCandidate(Kodo.class)
@ConditionalOnProperty(prefix = "kodo", name = "enabled", havingValue = "true", matchIfMissing = true)
public final class KodoHealthContributorAutoConfiguration {

    // The Boot 4 condition sits on the method: on Boot 3.5 the class-level condition has already switched this off.
    @Bean
    @ConditionalOnMissingBean(name = "kodoHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("kodo")
    KodoReporterHealthIndicator kodoHealthIndicator(Kodo kodo) {
        return new KodoReporterHealthIndicator(kodo);
    }
}
