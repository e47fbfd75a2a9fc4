/**
 * The object store's adapters (files under the data directory, S3), key rules, and the reconciler with the
 * {@code object_reconciler} row it leases.
 */
@NullMarked
package dev.camroll.storage.internal;

import org.jspecify.annotations.NullMarked;
