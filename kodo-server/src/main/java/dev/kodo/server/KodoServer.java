package dev.kodo.server;

import dev.kodo.server.auth.ApiKeyFilter;
import dev.kodo.server.auth.FirstStartKeys;
import dev.kodo.server.auth.KeyStore;
import java.time.Clock;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * {@code kodo-server}: receives runs from the SDKs and the collector, stores them in PostgreSQL and shows their
 * Process Health in a dashboard.
 *
 * <pre>
 * java -jar kodo-server.jar                      # http://127.0.0.1:7700, embedded PostgreSQL in ~/.kodo
 * java -jar kodo-server.jar --server.port=8080 --server.address=0.0.0.0
 * KODO_DATABASE_URL=postgresql://kodo:secret@db:5432/kodo java -jar kodo-server.jar
 * java -jar kodo-server.jar keys create --project default --kind ingest
 * </pre>
 */
@SpringBootApplication
@EnableConfigurationProperties(KodoServerProperties.class)
public class KodoServer {

    public static void main(String[] args) {
        if (args.length > 0 && KeysCommand.handles(args[0])) {
            System.exit(KeysCommand.run(args, System.out, System.err));
        }
        SpringApplication.run(KodoServer.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(KeyStore keys) {
        FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(new ApiKeyFilter(keys));
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    /**
     * Workflow names and run ids may contain {@code /}; the dashboard and API clients send it as {@code %2F} in
     * the path, which Tomcat rejects by default. Passed through still encoded, it is no path separator to
     * Tomcat's mapping (nor so to the key filter's) and Spring MVC decodes it within the one path segment.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesInNames() {
        return factory -> factory.addConnectorCustomizers(connector ->
                connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
    }

    @Bean
    FirstStartKeys firstStartKeys(KeyStore keys, KodoServerProperties properties) {
        return new FirstStartKeys(keys, properties, System.out);
    }
}
