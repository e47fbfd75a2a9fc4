/** The queue's workings: the {@code jobs} table's statements, the dispatcher and its workers, metrics and backoff. */
@NullMarked
package dev.camroll.jobs.internal;

import org.jspecify.annotations.NullMarked;
