/**
 * The upload benchmark (issue 3, point 6): MB/s through tus into the filesystem store next to the raw disk path of
 * the same filesystem, and the service's peak memory while parallel uploads run at a small heap. It starts the
 * packaged service as a separate process and drives it over real HTTP, like a phone would. It is a plain program,
 * run by {@code ./mvnw -q -Pbenchmark -DskipTests verify}, never by the test suite.
 */
package dev.camroll.benchmark;
