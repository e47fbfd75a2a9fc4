/**
 * Camera-roll sync: the devices a user syncs from, the sync policy the app asks before a background run, and
 * batch manifests (hashes first) that decide per file whether it must be uploaded (or shares an upload already
 * open for its content), is a duplicate of stored media, or is refused, before a single byte is sent.
 *
 * <p>Owns the tables {@code devices} (a Spring Data repository) and {@code batches} with {@code batch_items} (one
 * JdbcClient class), all in {@code internal}. Offers other modules {@link dev.camroll.sync.UserDevices} (a user's
 * devices, for support), its settings ({@link dev.camroll.sync.SyncSettings}) and problem types
 * ({@link dev.camroll.sync.SyncProblem}); it implements upload's {@code ManifestLines} (which upload a manifest line
 * was answered with) and privacy's {@code PersonalData} (batches and devices in a purge and the export). It listens
 * to {@code MediaSettled} and {@code UploadEnded} and queues suggestions' {@code BUILD_SUGGESTIONS} job when a batch
 * settles.
 */
@ApplicationModule(
        displayName = "Sync",
        allowedDependencies = {"api", "consent", "identity", "jobs", "media", "privacy", "suggestions", "upload"})
@NullMarked
package dev.camroll.sync;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
