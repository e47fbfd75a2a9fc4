package dev.camroll.runtime.internal;

import java.util.List;

import dev.camroll.runtime.CamrollSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when the service connects as a role that could undo the append-only guarantee: a superuser
 * (can bypass triggers) or the owner of tables (can disable or drop them). Migrations run as the owner
 * ({@code spring.flyway.user}); the service runs as a role with row access only.
 */
@Component
@DependsOnDatabaseInitialization
class DatabaseRoleCheck implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRoleCheck.class);

    private final JdbcClient jdbc;

    private final boolean allowPrivileged;

    DatabaseRoleCheck(JdbcClient jdbc, CamrollSettings settings) {
        this.jdbc = jdbc;
        this.allowPrivileged = settings.database().allowPrivilegedRole();
    }

    @Override
    public void afterPropertiesSet() {
        String role = jdbc.sql("SELECT current_user").query(String.class).single();
        boolean superuser = jdbc.sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                .query(Boolean.class)
                .single();
        List<String> owned = jdbc.sql(
                        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tableowner = current_user ORDER BY 1")
                .query(String.class)
                .list();
        if (!superuser && owned.isEmpty()) {
            return;
        }
        String problem = "The service connects to PostgreSQL as '" + role + "', which "
                + (superuser ? "is a superuser" : "owns tables " + owned) + ", so it could switch off the consent "
                + "ledger's append-only guarantee. Run migrations as the schema owner (spring.flyway.user) and the "
                + "service as a role with row access only (spring.datasource.username); see docs/operations.md.";
        if (!allowPrivileged) {
            throw new IllegalStateException(problem + " (camroll.database.allow-privileged-role=true starts anyway.)");
        }
        log.warn(problem);
    }
}
