package dev.camroll.runtime.internal;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.camroll.runtime.CamrollSettings;
import dev.camroll.runtime.EmbeddedPostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The embedded default: when no {@code spring.datasource.url} is configured, run PostgreSQL from the data
 * directory. With a URL configured, Spring Boot's own datasource set-up applies and this stays out of the way.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDatasourceConfigured.class)
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgresServer(CamrollSettings settings) {
        long started = System.nanoTime();
        EmbeddedPostgresServer server =
                EmbeddedPostgresServer.start(settings.dataDir().resolve("postgres"), true, true);
        log.info(
                "Embedded PostgreSQL ready in {} ms, data in {}",
                (System.nanoTime() - started) / 1_000_000,
                settings.dataDir().resolve("postgres").toAbsolutePath().normalize());
        return server;
    }

    /** The service's connections: a role that reads and writes rows but owns no table. */
    @Bean
    DataSource dataSource(EmbeddedPostgresServer server) {
        return pool(server, EmbeddedPostgresServer.SERVICE_ROLE, 10);
    }

    /** Migrations run as the schema's owner, on plain connections that close when Flyway is done. */
    @Bean(defaultCandidate = false)
    @FlywayDataSource
    DataSource migrationDataSource(EmbeddedPostgresServer server) {
        return DataSourceBuilder.create()
                .type(SimpleDriverDataSource.class)
                .url(server.jdbcUrl())
                .username(EmbeddedPostgresServer.OWNER)
                .password(EmbeddedPostgresServer.PASSWORD)
                .build();
    }

    private static HikariDataSource pool(EmbeddedPostgresServer server, String role, int size) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(server.jdbcUrl());
        dataSource.setUsername(role);
        dataSource.setPassword(EmbeddedPostgresServer.PASSWORD);
        dataSource.setPoolName("camroll-embedded");
        dataSource.setMaximumPoolSize(size);
        return dataSource;
    }

    static class NoDatasourceConfigured implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !context.getEnvironment().containsProperty("spring.datasource.url");
        }
    }
}
