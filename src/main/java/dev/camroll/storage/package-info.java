/**
 * Object storage: the {@link dev.camroll.storage.ObjectStore} port every module keeps bytes through (originals,
 * previews, renders, keyed {@code u/{userKey}/...}), with resumable {@link dev.camroll.storage.Staging} for
 * uploads under {@code staging/}. Two adapters: one file per key under {@code {data-dir}/objects/} (the embedded
 * default) and any S3-compatible endpoint ({@code camroll.storage.type=s3}). Neither keeps state on the node:
 * a staging's state is handed to the caller, which stores it in its database.
 *
 * <p>Owns the table {@code object_reconciler} (the reconciler's schedule and lease; its SQL is in
 * {@code internal.ReconcilerLease} alone). Offers {@link dev.camroll.storage.ObjectStore},
 * {@link dev.camroll.storage.Staging} with {@link dev.camroll.storage.StagedState} and
 * {@link dev.camroll.storage.AppendResult}, {@link dev.camroll.storage.UserObjects} (the one place that builds a
 * user's keys), {@link dev.camroll.storage.ObjectOwner} (which every module that keeps objects implements, so the
 * reconciler spares what its rows refer to) and the settings records. It handles its own job kind,
 * {@code reconcile-objects}, and publishes no events. The adapters and the reconciler are internal.
 */
@ApplicationModule(
        displayName = "Storage",
        allowedDependencies = {"jobs", "runtime"})
@NullMarked
package dev.camroll.storage;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
