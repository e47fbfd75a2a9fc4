package dev.camroll.upload;

import java.util.Optional;
import java.util.UUID;

import dev.camroll.identity.Subject;

/**
 * The manifests' side of tus creation, implemented by the module that owns them: which upload resource a manifest
 * line was answered with. A line that shares another line's open upload has no upload row of its own.
 */
public interface ManifestLines {

    /** The upload the user's line was answered with, if it was answered {@code upload}. */
    Optional<UploadId> uploadOf(Subject subject, UUID batchId, String clientAssetId);
}
