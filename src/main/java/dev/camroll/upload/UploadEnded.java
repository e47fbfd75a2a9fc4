package dev.camroll.upload;

import dev.camroll.identity.Subject;

/**
 * Published when an upload ends without an analysis to wait for, which settles every manifest line answered with it
 * (its own, and lines of other batches that share it): the upload failed, expired or was terminated by its client,
 * or its content turned out to be media the user already has. Published in the transaction that ended it, or right
 * after the statement when there is none. Not published for the uploads a withdrawal of {@code cloud_processing}
 * cancels.
 */
public record UploadEnded(Subject subject, UploadId uploadId) {}
