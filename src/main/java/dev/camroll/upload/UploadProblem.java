package dev.camroll.upload;

import dev.camroll.api.ProblemType;

/** The problem types of uploads; the tus ones have the statuses tus 1.0.0 gives them. The slugs are part of the contract: never renamed or reused. */
public enum UploadProblem implements ProblemType {
    FILE_TOO_LARGE("file-too-large", 413, "The file is larger than the service accepts"),
    TUS_VERSION_UNSUPPORTED("tus-version-unsupported", 412, "Tus-Resumable must be 1.0.0"),
    OFFSET_MISMATCH("offset-mismatch", 409, "Upload-Offset is not where the upload stands"),
    UPLOAD_BUSY("upload-busy", 409, "Another request is writing to this upload"),
    CHECKSUM_MISMATCH("checksum-mismatch", 460, "The chunk does not match its Upload-Checksum"),
    CHECKSUM_ALGORITHM_UNSUPPORTED("checksum-algorithm-unsupported", 400, "Unsupported Upload-Checksum algorithm"),
    UPLOAD_GONE("upload-gone", 410, "The upload expired or was ended"),
    CONTENT_MISMATCH("content-mismatch", 422, "The file is not the one the manifest announced"),
    UPLOAD_TOO_SLOW("upload-too-slow", 408, "The request body arrived below the minimum rate"),
    TOO_MANY_UPLOADS("too-many-uploads", 429, "Too many uploads of this user are streaming at once"),
    COMPLETED_UPLOAD("completed-upload", 400, "The upload is complete already"),
    INCONSISTENT_UPLOAD_LENGTH("inconsistent-upload-length", 400, "The length is not the one the manifest announced");

    private final Definition definition;

    UploadProblem(String slug, int status, String title) {
        this.definition = new Definition(slug, status, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
