/**
 * Runtime modes: the data directory, the embedded PostgreSQL of the default mode and key files kept on
 * disk. Production mode configures the standard Spring Boot datasource instead and nothing here starts.
 */
package dev.camroll.runtime;
