package dev.kodo.spring.autoconfigure;

import dev.kodo.core.Kodo;
import dev.kodo.spring.actuate.KodoEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The actuator endpoint {@code kodo} (Spring Boot 3.5 and 4), when the actuator is present and the endpoint is
 * exposed ({@code management.endpoints.web.exposure.include=kodo}).
 */
@AutoConfiguration(after = KodoAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnSingleCandidate(Kodo.class)
public final class KodoEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(KodoEndpoint.class)
    KodoEndpoint kodoEndpoint(Kodo kodo) {
        return new KodoEndpoint(kodo);
    }
}
