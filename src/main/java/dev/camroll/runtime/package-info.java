/**
 * Runtime modes: the data directory, the embedded PostgreSQL of the default mode and key files kept on
 * disk. Production mode configures the standard Spring Boot datasource instead and nothing here starts.
 * In every mode: the clock, and the {@link dev.camroll.runtime.LoopSupervisor} that keeps the background loops of
 * every module going and reports one that died anyway; and Tomcat closing, without reading the rest of the body, a
 * connection whose answer says {@code Connection: close}.
 *
 * <p>Owns no table (it checks at start that the service's database role cannot own or alter any). Offers
 * {@link dev.camroll.runtime.CamrollSettings} ({@code camroll.data-dir} and the paths under it),
 * {@link dev.camroll.runtime.LoopSupervisor}, {@link dev.camroll.runtime.Outages} (which failures are an outage of the
 * database or the object store), {@link dev.camroll.runtime.JwkFiles} (key files that survive restarts)
 * and {@link dev.camroll.runtime.EmbeddedPostgresServer} (whose presence tells the embedded mode, one process per
 * database), plus a {@link java.time.Clock} bean. No job kinds, no events; depends on no other module.
 */
@ApplicationModule(
        displayName = "Runtime",
        allowedDependencies = {})
@NullMarked
package dev.camroll.runtime;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
