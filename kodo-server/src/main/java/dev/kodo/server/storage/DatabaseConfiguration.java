package dev.kodo.server.storage;

import com.zaxxer.hikari.HikariDataSource;
import dev.kodo.server.KodoServerProperties;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Chooses the database: {@code spring.datasource.url} if set, else {@code kodo.server.database-url} (from
 * {@code KODO_DATABASE_URL}), else the embedded PostgreSQL under {@code kodo.server.home}. The pool is HikariCP,
 * tunable with the usual {@code spring.datasource.hikari.*} properties.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    @Conditional(NoDatabaseConfigured.class)
    EmbeddedPostgres embeddedPostgres(KodoServerProperties properties) {
        KodoServerProperties.EmbeddedDatabase embedded = properties.getEmbeddedDatabase();
        Path dataDirectory = embedded.getDataDirectory() != null
                ? embedded.getDataDirectory() : properties.getHome().resolve("postgres");
        dataDirectory = dataDirectory.toAbsolutePath();
        Path runtime = properties.getHome().resolve("postgres-runtime").toAbsolutePath();
        EmbeddedPostgres pg = EmbeddedPostgres.start(dataDirectory, runtime, embedded.getPort(), embedded.getSettings());
        log.info("Kodo stores its data in the embedded PostgreSQL at {} (port {}). "
                + "Set KODO_DATABASE_URL to use your own PostgreSQL instead.", pg.dataDirectory(), pg.port());
        return pg;
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(KodoServerProperties properties, Environment environment,
                                ObjectProvider<EmbeddedPostgres> embedded) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setPoolName("kodo");
        dataSource.setMaximumPoolSize(16);
        String springUrl = environment.getProperty("spring.datasource.url");
        if (StringUtils.hasText(springUrl)) {
            dataSource.setJdbcUrl(springUrl);
            dataSource.setUsername(environment.getProperty("spring.datasource.username"));
            dataSource.setPassword(environment.getProperty("spring.datasource.password"));
            log.info("Kodo stores its data in {} (spring.datasource.url)", DatabaseUrls.withoutPassword(springUrl));
        } else if (StringUtils.hasText(properties.getDatabaseUrl())) {
            DatabaseUrls.Jdbc jdbc = DatabaseUrls.toJdbc(properties.getDatabaseUrl());
            dataSource.setJdbcUrl(jdbc.url());
            if (jdbc.user() != null) {
                dataSource.setUsername(jdbc.user());
                dataSource.setPassword(jdbc.password());
            }
            log.info("Kodo stores its data in {} (KODO_DATABASE_URL)", DatabaseUrls.withoutPassword(jdbc.url()));
        } else {
            EmbeddedPostgres pg = embedded.getObject();
            dataSource.setJdbcUrl(pg.jdbcUrl());
            dataSource.setUsername(pg.user());
            dataSource.setPassword(pg.password());
        }
        Binder.get(environment).bind("spring.datasource.hikari", Bindable.ofInstance(dataSource));
        return dataSource;
    }

    /** Matches when neither {@code spring.datasource.url} nor {@code kodo.server.database-url} is set. */
    static final class NoDatabaseConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment env = context.getEnvironment();
            return !StringUtils.hasText(env.getProperty("spring.datasource.url"))
                    && !StringUtils.hasText(env.getProperty("kodo.server.database-url"));
        }
    }
}
