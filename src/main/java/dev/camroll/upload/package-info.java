/**
 * Uploads: resumable tus 1.0.0 upload resources, created with their batch line (and shared by later lines of the
 * same content while open), that stream bytes into the object store's staging area, verify the whole file and
 * hand the stored media over.
 *
 * <p>Owns the {@code uploads} table (all of its SQL is in {@code internal.UploadRows}) and {@code upload_slot_keys}
 * (the key of upload slots, in {@code internal.UploadSlotKeys}). Offers {@link dev.camroll.upload.Uploads} (reserve,
 * share and follow uploads, give a line's upload a slot, the bytes they will add), the event {@link
 * dev.camroll.upload.UploadEnded}, {@link dev.camroll.upload.UploadSettings} (accepted types, largest file), the
 * problem types {@link dev.camroll.upload.UploadProblem}, and asks the module that owns manifests for {@link
 * dev.camroll.upload.ManifestLines}. The tus endpoint, the IETF draft's, upload slots (capability URLs that need no
 * bearer token), the sweep, the purge's and the reconciler's view of upload bytes live in {@code internal}. No job
 * kinds.
 */
@ApplicationModule(
        displayName = "Uploads",
        allowedDependencies = {"api", "consent", "identity", "media", "privacy", "runtime", "storage"})
@NullMarked
package dev.camroll.upload;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
