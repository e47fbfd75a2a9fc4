package dev.camroll.upload.internal;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import dev.camroll.api.Ids;
import dev.camroll.api.ProblemException;
import dev.camroll.api.ProblemResponses;
import dev.camroll.api.StorableText;
import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The IETF draft "Resumable Uploads for HTTP" on the same upload resources as tus ({@code /v1/uploads/{uploadId}}),
 * for requests that name an {@code Upload-Draft-Interop-Version}; a plain {@code PUT} of the whole file to the
 * resource needs no protocol at all. The exchanges themselves are {@link IetfUploads}'.
 */
@RestController
@Tag(name = TusController.TAG, description = TusController.TAG_DESCRIPTION)
class IetfUploadController {

    private final UploadGuards guards;

    private final ConsentGate consent;

    private final IetfUploads uploads;

    IetfUploadController(UploadGuards guards, ConsentGate consent, IetfUploads uploads) {
        this.guards = guards;
        this.consent = consent;
        this.uploads = uploads;
    }

    /**
     * Upload creation at the creation endpoint: the manifest line is named by {@code batchId} and
     * {@code clientAssetId}, as query parameters or as tus' {@code Upload-Metadata}.
     */
    @RequestMapping(path = "/v1/uploads", method = RequestMethod.POST, headers = IetfProtocol.INTEROP_VERSION)
    @Operation(
            operationId = TusController.CREATE_ID,
            summary = TusController.CREATE,
            description = TusController.CREATE_DESCRIPTION,
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/octet-stream",
                                            schema = @Schema(type = "string", format = "binary"))))
    @ApiResponse(
            responseCode = "201",
            description = "The upload resource (Location), Upload-Offset and Upload-Complete")
    @ProblemResponses({
        "consent-required",
        "not-found",
        "upload-gone",
        "upload-busy",
        "offset-mismatch",
        "content-mismatch",
        "unsupported-media-type",
        "payload-too-large",
        "upload-too-slow",
        "too-many-uploads",
        "invalid-request"
    })
    @Parameter(
            in = ParameterIn.HEADER,
            name = IetfProtocol.INTEROP_VERSION,
            required = true,
            schema = @Schema(allowableValues = {"3", "4", "5", "6", "7", "8"}))
    ResponseEntity<Void> create(
            Caller caller,
            @RequestParam(required = false) @Nullable String batchId,
            @RequestParam(required = false) @Nullable String clientAssetId,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        consent.require(caller.user(), Purpose.CLOUD_PROCESSING);
        Map<String, byte[]> metadata = TusController.metadata(request.getHeader(TusProtocol.UPLOAD_METADATA));
        String batch = batchId != null ? batchId : lineField(metadata, "batchId");
        String asset = clientAssetId != null
                ? StorableText.require("clientAssetId", clientAssetId)
                : lineField(metadata, "clientAssetId");
        if (batch == null || asset == null) {
            throw ProblemException.invalid(
                    "batchId", "Name the manifest line: ?batchId=...&clientAssetId=... (or tus' Upload-Metadata).");
        }
        UploadRecord upload = guards.ofLine(caller, Ids.parse(batch, "batch"), asset);
        return uploads.create(upload, resource(upload), request, response);
    }

    /** Upload creation straight at the item's resource (the manifest's {@code upload.url}), or a plain whole-file PUT. */
    @RequestMapping(path = "/v1/uploads/{uploadId}", method = RequestMethod.PUT)
    @Operation(
            operationId = "sendWholeFile",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            description = "The whole file (any Content-Type; with the IETF draft, what the request "
                                    + "brings of it)",
                            content =
                                    @Content(
                                            mediaType = "application/octet-stream",
                                            schema = @Schema(type = "string", format = "binary"))),
            summary = "The whole file in one request (and, with the IETF draft's headers, resumable)",
            description = "Without protocol headers: the body is the whole file (any Content-Type); 201 once it is "
                    + "stored and verified (SHA-256 and magic bytes), and again on a retry after that. With "
                    + "Upload-Draft-Interop-Version (3 to 8) it is the IETF draft's upload creation at this "
                    + "resource, as URLSession sends it: an interim 104 Upload Resumption Supported with the Location "
                    + "first, then 201 with Upload-Offset and Upload-Complete; a cut-off request resumes with HEAD "
                    + "and PATCH. See docs/guide/uploads-from-phones.md.")
    @ApiResponse(responseCode = "201", description = "The file is stored and verified (or was already)")
    @ProblemResponses({
        "consent-required",
        "not-found",
        "upload-gone",
        "upload-busy",
        "content-mismatch",
        "unsupported-media-type",
        "payload-too-large",
        "upload-too-slow",
        "too-many-uploads",
        "invalid-request"
    })
    ResponseEntity<Void> put(
            Caller caller, @PathVariable String uploadId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        consent.require(caller.user(), Purpose.CLOUD_PROCESSING);
        UploadRecord upload = guards.find(caller, uploadId);
        return uploads.create(upload, resource(upload), request, response);
    }

    @RequestMapping(
            path = "/v1/uploads/{uploadId}",
            method = RequestMethod.POST,
            headers = IetfProtocol.INTEROP_VERSION)
    @Operation(
            operationId = "createUploadAtResource",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            description = "The whole file (any Content-Type; with the IETF draft, what the request "
                                    + "brings of it)",
                            content =
                                    @Content(
                                            mediaType = "application/octet-stream",
                                            schema = @Schema(type = "string", format = "binary"))),
            summary = "IETF resumable upload: create (and send) this upload",
            description = "The IETF draft's upload creation at the line's own resource (Upload-Draft-Interop-Version "
                    + "3 to 8, Upload-Complete): an interim 104 Upload Resumption Supported with the Location, then "
                    + "201 with Upload-Offset and Upload-Complete, as PUT.")
    @ApiResponse(
            responseCode = "201",
            description = "The upload resource (Location), Upload-Offset and Upload-Complete")
    @ProblemResponses({
        "consent-required",
        "not-found",
        "upload-gone",
        "upload-busy",
        "content-mismatch",
        "unsupported-media-type",
        "payload-too-large",
        "upload-too-slow",
        "too-many-uploads",
        "invalid-request"
    })
    ResponseEntity<Void> post(
            Caller caller, @PathVariable String uploadId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        return put(caller, uploadId, request, response);
    }

    @RequestMapping(
            path = "/v1/uploads/{uploadId}",
            method = RequestMethod.HEAD,
            headers = IetfProtocol.INTEROP_VERSION)
    @Operation(
            operationId = TusController.OFFSET_ID,
            summary = TusController.OFFSET,
            description = TusController.OFFSET_DESCRIPTION)
    @ApiResponse(responseCode = "204", description = "Upload-Offset, Upload-Complete, Upload-Length")
    ResponseEntity<Void> offset(Caller caller, @PathVariable String uploadId, HttpServletRequest request) {
        return uploads.offset(guards.find(caller, uploadId), request);
    }

    @RequestMapping(
            path = "/v1/uploads/{uploadId}",
            method = RequestMethod.PATCH,
            headers = IetfProtocol.INTEROP_VERSION)
    @Operation(
            operationId = TusController.APPEND_ID,
            summary = TusController.APPEND,
            description = TusController.APPEND_DESCRIPTION,
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            mediaType = IetfProtocol.PARTIAL_UPLOAD,
                                            schema = @Schema(type = "string", format = "binary"))))
    @ApiResponse(responseCode = "204", description = "Appended; the upload is not complete yet")
    @ApiResponse(responseCode = "201", description = "Appended, and the file is complete, stored and verified")
    @ProblemResponses({
        "consent-required",
        "not-found",
        "upload-gone",
        "upload-busy",
        "offset-mismatch",
        "content-mismatch",
        "unsupported-media-type",
        "payload-too-large",
        "upload-too-slow",
        "too-many-uploads",
        "invalid-request",
        "completed-upload"
    })
    ResponseEntity<Void> append(Caller caller, @PathVariable String uploadId, HttpServletRequest request)
            throws IOException {
        consent.require(caller.user(), Purpose.CLOUD_PROCESSING);
        UploadRecord upload = guards.find(caller, uploadId);
        return uploads.append(upload, resource(upload), request);
    }

    @RequestMapping(
            path = "/v1/uploads/{uploadId}",
            method = RequestMethod.DELETE,
            headers = IetfProtocol.INTEROP_VERSION)
    @Operation(
            operationId = TusController.END_ID,
            summary = TusController.END,
            description = TusController.END_DESCRIPTION)
    @ApiResponse(responseCode = "204", description = "The upload is ended and its bytes removed (or it had ended)")
    ResponseEntity<Void> cancel(Caller caller, @PathVariable String uploadId, HttpServletRequest request) {
        return uploads.cancel(guards.find(caller, uploadId), request);
    }

    private static URI resource(UploadRecord upload) {
        return ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/v1/uploads/{id}")
                .build(upload.uploadId().value());
    }

    /** A field of tus' {@code Upload-Metadata}, for clients that name the line as tus does; null when absent. */
    private static @Nullable String lineField(Map<String, byte[]> metadata, String key) {
        return metadata.containsKey(key) ? TusController.required(metadata, key) : null;
    }
}
