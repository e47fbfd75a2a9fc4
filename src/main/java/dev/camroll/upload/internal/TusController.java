package dev.camroll.upload.internal;

import java.io.IOException;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.camroll.api.CommonProblem;
import dev.camroll.api.Ids;
import dev.camroll.api.ProblemException;
import dev.camroll.api.ProblemResponses;
import dev.camroll.api.StorableText;
import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Caller;
import dev.camroll.storage.ObjectStore;
import dev.camroll.upload.UploadProblem;
import dev.camroll.upload.UploadSettings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * tus 1.0.0 (https://tus.io/protocols/resumable-upload) at {@code /v1/uploads}: core, creation,
 * creation-with-upload, termination, checksum and expiration. Upload resources are created with their manifest
 * line; creation (POST) finds that resource again, so it is idempotent. Bodies stream straight into the object
 * store's staging; nothing about an upload lives in this process.
 */
@RestController
@Tag(name = TusController.TAG, description = TusController.TAG_DESCRIPTION)
class TusController {

    static final String UPLOAD_STREAM = "application/offset+octet-stream";

    // tus and the IETF draft (IetfUploadController) share these operations in the API document: one summary each.
    static final String CREATE =
            "Create the upload of a manifest line: tus creation, or the IETF draft's upload creation";

    static final String OFFSET = "Where the upload stands: tus HEAD, or the IETF draft's offset retrieval";

    static final String APPEND = "Append bytes at Upload-Offset: tus PATCH, or the IETF draft's upload append";

    static final String END = "End the upload and remove its bytes: tus termination, or the IETF draft's cancellation";

    // The same operations' ids and descriptions: the document shows each (method, path) once.
    static final String CREATE_ID = "createUpload";

    static final String OFFSET_ID = "getUploadOffset";

    static final String APPEND_ID = "appendToUpload";

    static final String END_ID = "endUpload";

    static final String CREATE_DESCRIPTION = """
            tus 1.0.0 creation (and creation-with-upload): Tus-Resumable: 1.0.0, Upload-Length (the size the manifest \
            announced) and Upload-Metadata naming the manifest line (batchId <b64>,clientAssetId <b64>); a body \
            (application/offset+octet-stream, with Upload-Checksum if wanted) is appended at once. The answer is 201 \
            with the Location of that line's upload resource, the same every time (creation is idempotent), and \
            Upload-Offset. With Upload-Draft-Interop-Version (3 to 8) it is the IETF draft's upload creation: the line \
            named by ?batchId=&clientAssetId= or by Upload-Metadata, Upload-Complete (?1: the body is the whole \
            file), and an interim 104 Upload Resumption Supported with the Location before the body is read, so a \
            cut-off creation can resume there. The flows: docs/guide/upload.md, docs/guide/uploads-from-phones.md.""";

    static final String OFFSET_DESCRIPTION = """
            tus HEAD (Tus-Resumable: 1.0.0): 200 with Upload-Offset, Upload-Length and, while open, Upload-Expires. \
            With Upload-Draft-Interop-Version, the IETF draft's offset retrieval: 204 with Upload-Offset, \
            Upload-Complete and Upload-Length (Upload-Limit from interop 6). A client resumes from Upload-Offset.""";

    static final String APPEND_DESCRIPTION = """
            tus PATCH: Tus-Resumable: 1.0.0, Upload-Offset (where the upload stands), Content-Type \
            application/offset+octet-stream, optionally Upload-Checksum (sha256 or sha1 of this request's bytes; 460 \
            checksum-mismatch when they differ); 204 with the new Upload-Offset. A request from another offset is \
            409 offset-mismatch with the upload's Upload-Offset. With Upload-Draft-Interop-Version, the IETF draft's \
            append (Content-Type application/partial-upload from interop 6, Upload-Complete): 204 while incomplete, \
            201 once the file is complete. When the last byte lands the whole file's SHA-256 is checked against the \
            manifest and its magic bytes against the accepted types (422 content-mismatch or unsupported-media-type: \
            the bytes are deleted).""";

    static final String END_DESCRIPTION = """
            tus termination (Tus-Resumable: 1.0.0), or with Upload-Draft-Interop-Version the IETF draft's \
            cancellation: the upload ends, its bytes are removed, and its batch line is failed (announce the file \
            again to send it). A stored file stays.""";

    static final String TAG = "uploads";

    static final String TAG_DESCRIPTION = """
            Sending a manifest line's file. Each upload resource (/v1/uploads/{uploadId}, a batch line's upload.url) \
            speaks three ways, and they are one upload: a plain PUT of the whole file; tus 1.0.0 (core, creation, \
            creation-with-upload, termination, checksum, expiration); and the IETF draft Resumable Uploads for HTTP \
            (draft-ietf-httpbis-resumable-upload, Upload-Draft-Interop-Version 3 to 8, with the interim response 104 \
            Upload Resumption Supported). OpenAPI has one operation per method and path, so an operation both \
            protocols share is one operation here, and its description says which headers select which; interim \
            responses and the protocols' headers on answers are described in words. Walk-throughs with curl: \
            docs/guide/upload.md and docs/guide/uploads-from-phones.md in the camroll repository.""";

    static final String TUS_ONLY =
            "1.0.0 with tus; left out with the IETF draft, which names " + "Upload-Draft-Interop-Version instead";

    /** RFC 9110 IMF-fixdate (two-digit day), which RFC_1123_DATE_TIME does not guarantee. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private final UploadReceiver receiver;

    private final UploadSettings settings;

    private final ConsentGate consent;

    private final ObjectStore store;

    private final UploadAdmission admission;

    private final UploadGuards guards;

    TusController(
            UploadReceiver receiver,
            UploadSettings settings,
            ConsentGate consent,
            ObjectStore store,
            UploadAdmission admission,
            UploadGuards guards) {
        this.admission = admission;
        this.receiver = receiver;
        this.settings = settings;
        this.consent = consent;
        this.store = store;
        this.guards = guards;
    }

    /** tus core 5.2: what this server supports. */
    @RequestMapping(path = "/v1/uploads", method = RequestMethod.OPTIONS)
    @Operation(
            operationId = "getUploadCapabilities",
            summary = "tus capabilities",
            description = "tus discovery: no authentication, no Tus-Resumable needed. Tus-Version: 1.0.0, "
                    + "Tus-Extension, Tus-Max-Size, Tus-Checksum-Algorithm (sha256,sha1); for the IETF draft, "
                    + "Accept-Patch (application/offset+octet-stream, application/partial-upload) and Upload-Limit.")
    @ApiResponse(
            responseCode = "204",
            description = "Tus-Version, Tus-Extension, Tus-Max-Size and Tus-Checksum-Algorithm; for the IETF draft, "
                    + "Accept-Patch and Upload-Limit",
            headers = {
                @Header(name = TusProtocol.VERSION, description = "1.0.0", schema = @Schema(type = "string")),
                @Header(
                        name = TusProtocol.EXTENSION,
                        description = "creation,creation-with-upload,termination,checksum,expiration",
                        schema = @Schema(type = "string")),
                @Header(
                        name = TusProtocol.MAX_SIZE,
                        description = "The largest file accepted, in bytes",
                        schema = @Schema(type = "integer", format = "int64")),
                @Header(
                        name = TusProtocol.CHECKSUM_ALGORITHM,
                        description = "sha256,sha1",
                        schema = @Schema(type = "string")),
                @Header(
                        name = HttpHeaders.ACCEPT_PATCH,
                        description = "For the IETF draft: application/offset+octet-stream, application/partial-upload",
                        schema = @Schema(type = "string")),
                @Header(
                        name = IetfProtocol.UPLOAD_LIMIT,
                        description = "For the IETF draft: max-size=<bytes>",
                        schema = @Schema(type = "string"))
            })
    @SecurityRequirements
    ResponseEntity<Void> options() {
        return ResponseEntity.noContent()
                .header(TusProtocol.VERSION, TusProtocol.RESUMABLE)
                .header(TusProtocol.EXTENSION, "creation,creation-with-upload,termination,checksum,expiration")
                .header(TusProtocol.MAX_SIZE, String.valueOf(maxSize()))
                .header(TusProtocol.CHECKSUM_ALGORITHM, "sha256,sha1")
                // The IETF draft's capabilities (interop 8 asks for both on OPTIONS); the same upload resources.
                .header(HttpHeaders.ACCEPT_PATCH, UPLOAD_STREAM + ", " + IetfProtocol.PARTIAL_UPLOAD)
                .header(IetfProtocol.UPLOAD_LIMIT, "max-size=" + maxSize())
                .build();
    }

    /** tus core 5.2: the same capabilities, asked of an upload resource (they do not depend on the upload). */
    @RequestMapping(path = "/v1/uploads/{uploadId}", method = RequestMethod.OPTIONS)
    @Operation(
            operationId = "getUploadCapabilitiesOfUpload",
            summary = "tus capabilities, asked of an upload",
            description = "As OPTIONS /v1/uploads; says nothing about the upload itself (use HEAD).")
    @ApiResponse(
            responseCode = "204",
            description = "Tus-Version, Tus-Extension, Tus-Max-Size and Tus-Checksum-Algorithm",
            headers = {
                @Header(name = TusProtocol.VERSION, description = "1.0.0", schema = @Schema(type = "string")),
                @Header(
                        name = TusProtocol.EXTENSION,
                        description = "creation,creation-with-upload,termination,checksum,expiration",
                        schema = @Schema(type = "string")),
                @Header(
                        name = TusProtocol.MAX_SIZE,
                        description = "The largest file accepted, in bytes",
                        schema = @Schema(type = "integer", format = "int64")),
                @Header(
                        name = TusProtocol.CHECKSUM_ALGORITHM,
                        description = "sha256,sha1",
                        schema = @Schema(type = "string")),
                @Header(
                        name = HttpHeaders.ACCEPT_PATCH,
                        description = "For the IETF draft: application/offset+octet-stream, application/partial-upload",
                        schema = @Schema(type = "string")),
                @Header(
                        name = IetfProtocol.UPLOAD_LIMIT,
                        description = "For the IETF draft: max-size=<bytes>",
                        schema = @Schema(type = "string"))
            })
    @SecurityRequirements
    ResponseEntity<Void> optionsOfUpload(@PathVariable String uploadId) {
        return options();
    }

    /**
     * tus creation: finds the upload resource of a manifest line ({@code Upload-Metadata: batchId,clientAssetId}),
     * the same every time (a line sharing another line's upload finds that one), and with a body appends it at
     * offset 0 (creation-with-upload).
     */
    @RequestMapping(path = "/v1/uploads", method = RequestMethod.POST)
    @ApiResponse(
            responseCode = "201",
            description = "The upload resource (Location), with Upload-Offset when a body came along",
            headers = {
                @Header(
                        name = HttpHeaders.LOCATION,
                        description = "The manifest line's upload resource, the same every time",
                        schema = @Schema(type = "string", format = "uri")),
                @Header(
                        name = TusProtocol.UPLOAD_OFFSET,
                        description = "How many bytes of the file the service holds",
                        schema = @Schema(type = "integer", format = "int64", minimum = "0")),
                @Header(
                        name = TusProtocol.UPLOAD_EXPIRES,
                        description =
                                "While the upload is open: when it expires if nothing more arrives (RFC 9110 date)",
                        schema = @Schema(type = "string"))
            })
    @ProblemResponses({
        "consent-required",
        "not-found",
        "tus-version-unsupported",
        "upload-gone",
        "upload-busy",
        "offset-mismatch",
        "checksum-mismatch",
        "checksum-algorithm-unsupported",
        "content-mismatch",
        "unsupported-media-type",
        "payload-too-large",
        "file-too-large",
        "upload-too-slow",
        "too-many-uploads"
    })
    @Operation(
            operationId = CREATE_ID,
            summary = CREATE,
            description = CREATE_DESCRIPTION,
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = false,
                            content =
                                    @Content(
                                            mediaType = "application/offset+octet-stream",
                                            schema = @Schema(type = "string", format = "binary"))))
    @Parameter(
            in = ParameterIn.HEADER,
            name = TusProtocol.TUS_RESUMABLE,
            description = TUS_ONLY,
            schema = @Schema(allowableValues = TusProtocol.RESUMABLE))
    @Parameter(
            in = ParameterIn.HEADER,
            name = TusProtocol.UPLOAD_LENGTH,
            required = true,
            schema = @Schema(type = "integer", format = "int64", minimum = "0"))
    @Parameter(
            in = ParameterIn.HEADER,
            name = TusProtocol.UPLOAD_METADATA,
            required = true,
            description = "batchId and clientAssetId of the manifest line, each value Base64: "
                    + "batchId <b64>,clientAssetId <b64>",
            schema = @Schema(type = "string"))
    @Parameter(
            in = ParameterIn.HEADER,
            name = TusProtocol.UPLOAD_CHECKSUM,
            description = "sha256 or sha1, a space, the Base64 digest of this request's bytes (checksum extension)",
            schema = @Schema(type = "string"))
    ResponseEntity<Void> create(Caller caller, HttpServletRequest request) throws IOException {
        long length = UploadGuards.nonNegative(request.getHeader(TusProtocol.UPLOAD_LENGTH), TusProtocol.UPLOAD_LENGTH);
        if (request.getHeader("Upload-Defer-Length") != null) {
            throw ProblemException.invalid(
                    "Upload-Defer-Length", "The length is known from the manifest; send Upload-Length.");
        }
        Map<String, byte[]> metadata = metadata(request.getHeader(TusProtocol.UPLOAD_METADATA));
        UUID batchId = Ids.parse(required(metadata, "batchId"), "batch");
        consent.require(caller.user(), Purpose.CLOUD_PROCESSING);
        String clientAssetId = required(metadata, "clientAssetId");
        UploadRecord upload = guards.ofLine(caller, batchId, clientAssetId);
        guards.requireConsent(upload);
        if (upload.length() != length) {
            throw ProblemException.invalid(
                    TusProtocol.UPLOAD_LENGTH,
                    "The manifest announced " + upload.length() + " bytes for this file, not " + length + ".");
        }
        guards.requireOpenOrComplete(upload);
        long offset = upload.offset();
        if (isUploadStream(request) && upload.isOpen() && offset == 0) {
            try (UploadAdmission.Admitted admitted = admission.admit(caller.subject())) {
                offset = receiver.receive(
                        upload,
                        UploadProtocol.TUS,
                        0,
                        request.getInputStream(),
                        request.getContentLengthLong(),
                        checksum(request));
            } catch (UploadRefused refused) {
                throw tus(refused);
            }
        }
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/v1/uploads/{id}")
                .build(upload.uploadId().value());
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(location)
                .header(TusProtocol.UPLOAD_OFFSET, String.valueOf(offset))
                .headers(expires(guards.reread(upload)))
                .build();
    }

    /** tus core: where the upload stands. */
    @RequestMapping(path = "/v1/uploads/{uploadId}", method = RequestMethod.HEAD)
    @ApiResponse(
            responseCode = "200",
            description = "Upload-Offset and Upload-Length (and Upload-Expires while open)",
            headers = {
                @Header(
                        name = TusProtocol.UPLOAD_OFFSET,
                        description = "How many bytes of the file the service holds",
                        schema = @Schema(type = "integer", format = "int64", minimum = "0")),
                @Header(
                        name = TusProtocol.UPLOAD_LENGTH,
                        description = "The size the manifest announced",
                        schema = @Schema(type = "integer", format = "int64", minimum = "0")),
                @Header(
                        name = TusProtocol.UPLOAD_EXPIRES,
                        description =
                                "While the upload is open: when it expires if nothing more arrives (RFC 9110 date)",
                        schema = @Schema(type = "string")),
                @Header(name = HttpHeaders.CACHE_CONTROL, description = "no-store", schema = @Schema(type = "string"))
            })
    @ProblemResponses({"not-found", "upload-gone", "tus-version-unsupported", "consent-required"})
    @Operation(operationId = OFFSET_ID, summary = OFFSET, description = OFFSET_DESCRIPTION)
    @Parameter(
            in = ParameterIn.HEADER,
            name = TusProtocol.TUS_RESUMABLE,
            description = TUS_ONLY,
            schema = @Schema(allowableValues = TusProtocol.RESUMABLE))
    ResponseEntity<Void> head(Caller caller, @PathVariable String uploadId) {
        return offsetOf(guards.find(caller, uploadId));
    }

    /** tus HEAD of an upload, for whoever holds it: a bearer token's user, or an upload slot. */
    ResponseEntity<Void> offsetOf(UploadRecord upload) {
        guards.requireOpenOrComplete(upload);
        return ResponseEntity.ok()
                .header(
                        TusProtocol.UPLOAD_OFFSET,
                        String.valueOf(upload.isComplete() ? upload.length() : upload.offset()))
                .header(TusProtocol.UPLOAD_LENGTH, String.valueOf(upload.length()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .headers(expires(upload))
                .build();
    }

    /** tus core: bytes from {@code Upload-Offset} on; the whole rest of the file in one request is the normal case. */
    @RequestMapping(path = "/v1/uploads/{uploadId}", method = RequestMethod.PATCH)
    @ApiResponse(
            responseCode = "204",
            description = "The bytes were appended; Upload-Offset says where the upload stands",
            headers = {
                @Header(
                        name = TusProtocol.UPLOAD_OFFSET,
                        description = "How many bytes of the file the service holds",
                        schema = @Schema(type = "integer", format = "int64", minimum = "0")),
                @Header(
                        name = TusProtocol.UPLOAD_EXPIRES,
                        description =
                                "While the upload is open: when it expires if nothing more arrives (RFC 9110 date)",
                        schema = @Schema(type = "string"))
            })
    @ProblemResponses({
        "consent-required",
        "not-found",
        "tus-version-unsupported",
        "upload-gone",
        "upload-busy",
        "offset-mismatch",
        "checksum-mismatch",
        "checksum-algorithm-unsupported",
        "content-mismatch",
        "unsupported-media-type",
        "payload-too-large",
        "file-too-large",
        "upload-too-slow",
        "too-many-uploads"
    })
    @Operation(
            operationId = APPEND_ID,
            summary = APPEND,
            description = APPEND_DESCRIPTION,
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = "application/offset+octet-stream",
                                            schema = @Schema(type = "string", format = "binary"))))
    @Parameter(
            in = ParameterIn.HEADER,
            name = TusProtocol.TUS_RESUMABLE,
            description = TUS_ONLY,
            schema = @Schema(allowableValues = TusProtocol.RESUMABLE))
    @Parameter(
            in = ParameterIn.HEADER,
            name = TusProtocol.UPLOAD_OFFSET,
            required = true,
            schema = @Schema(type = "integer", format = "int64", minimum = "0"))
    @Parameter(
            in = ParameterIn.HEADER,
            name = TusProtocol.UPLOAD_CHECKSUM,
            description = "sha256 or sha1, a space, the Base64 digest of this request's bytes (checksum extension)",
            schema = @Schema(type = "string"))
    ResponseEntity<Void> patch(Caller caller, @PathVariable String uploadId, HttpServletRequest request)
            throws IOException {
        // Asked before the upload is looked up: once the purge has deleted it, the answer is still consent-required.
        consent.require(caller.user(), Purpose.CLOUD_PROCESSING);
        return append(guards.find(caller, uploadId), request);
    }

    /** tus PATCH of an upload, for whoever holds it: a bearer token's user, or an upload slot. */
    ResponseEntity<Void> append(UploadRecord upload, HttpServletRequest request) throws IOException {
        guards.requireConsent(upload);
        guards.requireOpenOrComplete(upload);
        if (!isUploadStream(request)) {
            throw new ProblemException(
                    CommonProblem.UNSUPPORTED_MEDIA_TYPE, "A PATCH carries Content-Type: " + UPLOAD_STREAM + ".");
        }
        long offset = UploadGuards.nonNegative(request.getHeader(TusProtocol.UPLOAD_OFFSET), TusProtocol.UPLOAD_OFFSET);
        UploadReceiver.ChunkChecksum checksum = checksum(request);
        if (upload.isComplete() || offset != upload.offset()) {
            long stands = upload.isComplete() ? upload.length() : upload.offset();
            throw tus(new UploadRefused(
                            UploadProblem.OFFSET_MISMATCH,
                            "The upload stands at " + stands + ", not " + offset + "; HEAD it and continue from there.")
                    .standingAt(stands));
        }
        long newOffset;
        try (UploadAdmission.Admitted admitted = admission.admit(upload.subject())) {
            newOffset = receiver.receive(
                    upload,
                    UploadProtocol.TUS,
                    offset,
                    request.getInputStream(),
                    request.getContentLengthLong(),
                    checksum);
        } catch (UploadRefused refused) {
            throw tus(refused);
        }
        return ResponseEntity.noContent()
                .header(TusProtocol.UPLOAD_OFFSET, String.valueOf(newOffset))
                .headers(expires(guards.reread(upload)))
                .build();
    }

    /**
     * tus termination: an open upload ends and its bytes are removed. A completed upload stays as it is (its media
     * is deleted with {@code DELETE /v1/media/{id}}); terminating it, or an upload already ended, is 204 as well.
     */
    @RequestMapping(path = "/v1/uploads/{uploadId}", method = RequestMethod.DELETE)
    @ApiResponse(
            responseCode = "204",
            description = "The upload is ended and its bytes removed (or it had ended already)")
    @ProblemResponses({"not-found", "upload-busy", "tus-version-unsupported"})
    @Operation(operationId = END_ID, summary = END, description = END_DESCRIPTION)
    @Parameter(
            in = ParameterIn.HEADER,
            name = TusProtocol.TUS_RESUMABLE,
            description = TUS_ONLY,
            schema = @Schema(allowableValues = TusProtocol.RESUMABLE))
    ResponseEntity<Void> terminate(Caller caller, @PathVariable String uploadId) {
        UploadRecord upload = guards.find(caller, uploadId);
        guards.end(upload);
        return ResponseEntity.noContent().build();
    }

    /**
     * tus 1.0.0: a refusal tells where the upload stands ({@code Upload-Offset}, core 5.3.2), and a body left unread
     * ends the connection ({@code Connection: close}) so the server does not read it to its end. {@code Retry-After}
     * and the problem document are added where every problem becomes HTTP.
     */
    private static ProblemException tus(UploadRefused refused) {
        refused.standsAt().ifPresent(offset -> refused.withHeader(TusProtocol.UPLOAD_OFFSET, String.valueOf(offset)));
        if (refused.bodyLeftUnread()) {
            refused.withHeader(HttpHeaders.CONNECTION, "close");
        }
        return refused;
    }

    private HttpHeaders expires(UploadRecord upload) {
        HttpHeaders headers = new HttpHeaders();
        if (upload.isOpen()) {
            headers.set(TusProtocol.UPLOAD_EXPIRES, HTTP_DATE.format(upload.expiresAt()));
        }
        return headers;
    }

    private long maxSize() {
        return Math.min(settings.maxFileSize().toBytes(), store.staging().maxLength());
    }

    private static boolean isUploadStream(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith(UPLOAD_STREAM);
    }

    /** tus checksum extension: {@code Upload-Checksum: <algorithm> <base64 digest>}. */
    private static UploadReceiver.@Nullable ChunkChecksum checksum(HttpServletRequest request) {
        String header = request.getHeader(TusProtocol.UPLOAD_CHECKSUM);
        if (header == null) {
            return null;
        }
        String[] parts = header.trim().split(" ", 2);
        String algorithm = switch (parts[0].toLowerCase(Locale.ROOT)) {
            case "sha256" -> "SHA-256";
            case "sha1" -> "SHA-1";
            default ->
                throw new ProblemException(
                        UploadProblem.CHECKSUM_ALGORITHM_UNSUPPORTED,
                        "Upload-Checksum supports sha256 and sha1, not '" + parts[0] + "'.");
        };
        try {
            return new UploadReceiver.ChunkChecksum(
                    algorithm, Base64.getDecoder().decode(parts.length > 1 ? parts[1] : ""));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(TusProtocol.UPLOAD_CHECKSUM, "The digest must be Base64.");
        }
    }

    /** tus creation: {@code Upload-Metadata: key base64value,key base64value}; values may be any bytes. */
    static Map<String, byte[]> metadata(@Nullable String header) {
        Map<String, byte[]> metadata = new HashMap<>();
        if (header == null) {
            return metadata;
        }
        for (String pair : header.split(",")) {
            String[] parts = pair.trim().split(" ", 2);
            try {
                metadata.put(parts[0], parts.length > 1 ? Base64.getDecoder().decode(parts[1].trim()) : new byte[0]);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid(
                        TusProtocol.UPLOAD_METADATA, "Values must be Base64: '" + parts[0] + "'.");
            }
        }
        return metadata;
    }

    /** A value we look up in the database: UTF-8 text without NUL, or a clear 400 instead of a 500 there. */
    static String required(Map<String, byte[]> metadata, String key) {
        byte[] value = metadata.get(key);
        if (value == null || value.length == 0) {
            throw ProblemException.invalid(
                    TusProtocol.UPLOAD_METADATA,
                    "Upload-Metadata needs '" + key + "': the batch line this file belongs to.");
        }
        return StorableText.utf8(value)
                .orElseThrow(() -> ProblemException.invalid(
                        TusProtocol.UPLOAD_METADATA,
                        "Upload-Metadata '" + key + "' must be Base64 of UTF-8 text without NUL."));
    }
}
