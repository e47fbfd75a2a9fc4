package dev.camroll.upload;

import dev.camroll.api.ProblemType;
import org.springframework.http.HttpStatusCode;

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
    TOO_MANY_UPLOADS("too-many-uploads", 429, "Too many uploads of this user are streaming at once");

    private final String slug;

    private final HttpStatusCode status;

    private final String title;

    UploadProblem(String slug, int status, String title) {
        this.slug = slug;
        this.status = HttpStatusCode.valueOf(status);
        this.title = title;
    }

    @Override
    public String slug() {
        return slug;
    }

    @Override
    public HttpStatusCode status() {
        return status;
    }

    @Override
    public String title() {
        return title;
    }
}
