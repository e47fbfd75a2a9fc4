/**
 * Runtime modes: the data directory, the embedded PostgreSQL of the default mode and key files kept on
 * disk. Production mode configures the standard Spring Boot datasource instead and nothing here starts.
 * In every mode: the clock, and the {@link dev.camroll.runtime.LoopSupervisor} that keeps the background loops of
 * every module going and reports one that died anyway; and Tomcat closing, without reading the rest of the body, a
 * connection whose answer says {@code Connection: close}.
 */
package dev.camroll.runtime;
