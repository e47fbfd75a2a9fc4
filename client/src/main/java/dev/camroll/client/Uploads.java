package dev.camroll.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tus.java.client.ProtocolException;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;

/**
 * Resumable uploads (tus 1.0.0, through the official tus Java client). An upload URL comes from a manifest's answer
 * ({@code upload.url} of a line to upload); {@link #upload} asks the service where the upload stands ({@code HEAD})
 * and sends the rest of the file from there, so calling it again after any interruption (a dropped connection, a
 * killed process, another day) sends only what the service does not have yet.
 */
public final class Uploads {

    /** Bytes per request: a request cut off costs nothing (the service keeps every byte that arrived). */
    private static final int REQUEST_BYTES = 32 * 1024 * 1024;

    private static final int WRITE_BYTES = 64 * 1024;

    private static final String PROBLEM_TYPES = "https://camroll.dev/problems/";

    private final Http http;

    Uploads(Http http) {
        this.http = http;
    }

    /** Told how far an upload is, after every few dozen kilobytes sent. */
    @FunctionalInterface
    public interface Progress {

        /**
         * @param offset the bytes of the file the service has now
         * @param size the file's size
         * @param sent the bytes this call has sent so far (the file's bytes before its first offset were sent earlier)
         */
        void progress(long offset, long size, long sent);
    }

    /** What an upload did: the size of the file and the bytes this call sent (0 when the service had them all). */
    public record Result(long size, long sent) {}

    /** Uploads {@code file} to {@code uploadUrl}, resuming where the service stands. */
    public Result upload(String uploadUrl, Path file, Progress progress) {
        return upload(uploadUrl, file, progress, new AtomicBoolean());
    }

    /**
     * Like {@link #upload(String, Path, Progress)}, and stops between two writes once {@code cancelled} is set (the
     * bytes sent stay on the service; the next call continues from them). Throws {@link ProblemException} when the
     * service refuses the upload (for example {@code 422 content-mismatch} when the file is not the one announced,
     * {@code 403 consent-required}, {@code 404}/{@code 410} for an upload that expired), {@link TransportException}
     * when the connection fails, and {@link UploadCancelled} when cancelled.
     */
    public Result upload(String uploadUrl, Path file, Progress progress, AtomicBoolean cancelled) {
        try (InputStream in = Files.newInputStream(file)) {
            TusClient tus = new TusClient();
            tus.setConnectTimeout(http.connectTimeoutMillis());
            String token = http.token();
            if (token != null) {
                tus.setHeaders(Map.of("Authorization", "Bearer " + token));
            }
            TusUpload upload = new TusUpload();
            upload.setSize(Files.size(file));
            upload.setInputStream(in);
            upload.setFingerprint(uploadUrl);
            URL url = http.resolve(uploadUrl);
            TusUploader uploader = tus.beginOrResumeUploadFromURL(upload, url);
            uploader.setChunkSize(WRITE_BYTES);
            uploader.setRequestPayloadSize(REQUEST_BYTES);
            long start = uploader.getOffset();
            long size = upload.getSize();
            progress.progress(start, size, 0);
            while (uploader.getOffset() < size) {
                if (cancelled.get()) {
                    uploader.finish(false);
                    throw new UploadCancelled(uploader.getOffset());
                }
                if (uploader.uploadChunk() < 0) {
                    break;
                }
                progress.progress(uploader.getOffset(), size, uploader.getOffset() - start);
            }
            uploader.finish(false);
            return new Result(size, uploader.getOffset() - start);
        } catch (ProtocolException e) {
            throw refused(e);
        } catch (IOException e) {
            throw new TransportException("upload to " + uploadUrl + " failed: " + e.getMessage(), e);
        }
    }

    private static CamrollException refused(ProtocolException e) {
        HttpURLConnection connection = e.getCausingConnection();
        if (connection != null) {
            try {
                int status = connection.getResponseCode();
                if (status >= 400) {
                    Problem problem = Http.problem(status, connection);
                    return ProblemException.of(
                            "about:blank".equals(problem.type()) ? inferred(problem, connection) : problem);
                }
            } catch (IOException unreadable) {
                return new TransportException(
                        "the upload's answer could not be read: " + unreadable.getMessage(), unreadable);
            }
        }
        return new ProblemException(new Problem("about:blank", "Upload failed", 0, e.getMessage(), Map.of()));
    }

    /**
     * The problem of an answer whose body is gone: tus-java-client disconnects before it reports a failed
     * {@code PATCH}, so its problem document cannot be read, only its status and headers (which is how
     * {@code 409 upload-busy}, which says wait and resume, differs from a refusal). Each status has one problem among
     * the contract's answers to an upload's requests; a 409 with {@code Upload-Offset} and no {@code Retry-After} is
     * {@code offset-mismatch}.
     */
    static Problem inferred(Problem problem, HttpURLConnection connection) {
        String slug = switch (problem.status()) {
            case 403 -> "consent-required";
            case 404 -> "not-found";
            case 409 ->
                connection.getHeaderField("Upload-Offset") != null && connection.getHeaderField("Retry-After") == null
                        ? "offset-mismatch"
                        : "upload-busy";
            case 410 -> "upload-gone";
            case 422 -> "content-mismatch";
            case 429 -> "too-many-uploads";
            case 460 -> "checksum-mismatch";
            case 503 -> "service-unavailable";
            default -> null;
        };
        if (slug == null) {
            return problem;
        }
        return new Problem(
                PROBLEM_TYPES + slug,
                problem.title(),
                problem.status(),
                "inferred from the answer's status and headers (its body was not readable)",
                problem.members());
    }

    /** An upload stopped by its caller; {@link #offset()} bytes of the file are on the service. */
    public static final class UploadCancelled extends CamrollException {

        private final long offset;

        UploadCancelled(long offset) {
            super("the upload was cancelled at byte " + offset, null);
            this.offset = offset;
        }

        public long offset() {
            return offset;
        }
    }
}
