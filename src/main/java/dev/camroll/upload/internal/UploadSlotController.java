package dev.camroll.upload.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;

import dev.camroll.api.CommonProblem;
import dev.camroll.api.ProblemException;
import dev.camroll.api.ProblemResponses;
import dev.camroll.upload.UploadProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Upload slots ({@code /v1/upload-slots/{slot}}): the upload of one batch line, for a sender that holds no bearer token,
 * such as a background job of the phone's OS that sends the file hours or days after the manifest (iOS PhotoKit's
 * {@code PHAssetResourceUploadJob}). The slot is the authority (see {@link UploadSlots}); a bearer token sent along is
 * not looked at. The exchanges are {@link IetfUploads}', the same as on {@code /v1/uploads/{uploadId}}: the whole file
 * in one {@code PUT} or {@code POST}, or the IETF draft's resumable upload with the slot as its resource.
 */
@RestController
@SecurityRequirements
@Tag(
        name = "upload-slots",
        description = "Upload destinations that need no bearer token, for background jobs of the phone's OS (iOS "
                + "PhotoKit's upload jobs, background URLSession): a batch line's upload at upload.slot.url, speaking "
                + "a plain PUT of the whole file or the IETF resumable-upload draft (tus HEAD and PATCH too). See "
                + "docs/guide/uploads-from-phones.md in the camroll repository.")
class UploadSlotController {

    private static final String SLOT_DESCRIPTION = "The slot of a batch line's upload (upload.slot.url of the batch "
            + "answer, asked for with uploadSlots: true): opaque and unguessable; treat it as a credential.";

    private static final String ANSWERS = " No Authorization is needed (one sent along is ignored). A slot that is "
            + "malformed, was altered or whose upload no longer exists (the account was erased, the data purged) is "
            + "404 not-found; an expired slot (upload.slot.expiresAt, camroll.upload.slot-validity after the manifest) "
            + "is 410 upload-gone; after cloud_processing was withdrawn it is 403 consent-required and the upload is "
            + "cancelled. More than camroll.upload.slot-requests-per-minute requests to one slot in a minute: 429 "
            + "rate-limited with Retry-After.";

    private final UploadSlots slots;

    private final SlotRequestLimiter limiter;

    private final UploadRows rows;

    private final UploadGuards guards;

    private final IetfUploads uploads;

    private final TusController tus;

    private final Clock clock;

    UploadSlotController(
            UploadSlots slots,
            SlotRequestLimiter limiter,
            UploadRows rows,
            UploadGuards guards,
            IetfUploads uploads,
            TusController tus,
            Clock clock) {
        this.slots = slots;
        this.limiter = limiter;
        this.rows = rows;
        this.guards = guards;
        this.uploads = uploads;
        this.tus = tus;
        this.clock = clock;
    }

    @RequestMapping(path = "/v1/upload-slots/{slot}", method = RequestMethod.PUT)
    @Operation(
            operationId = "sendWholeFileToSlot",
            summary = "Upload slot: the whole file in one request (PhotoKit's background upload job)",
            description = "The body is the whole file (any Content-Type). 201 once it is stored and verified, its "
                    + "SHA-256 and magic bytes as on every upload; a retry after that answers 201 again and stores "
                    + "nothing twice, and a retry after an interruption skips the bytes stored already. With the IETF "
                    + "draft's Upload-Draft-Interop-Version (3 to 8), it is the draft's upload creation: 104 with the "
                    + "slot's Location first, then resumable with HEAD and PATCH on the slot." + ANSWERS,
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/octet-stream",
                                            schema = @Schema(type = "string", format = "binary"))))
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
        "rate-limited",
        "invalid-request"
    })
    ResponseEntity<Void> put(
            @Parameter(description = SLOT_DESCRIPTION) @PathVariable String slot,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        Slotted slotted = open(slot, request);
        return uploads.create(slotted.upload(), slotted.url(), request, response);
    }

    @RequestMapping(path = "/v1/upload-slots/{slot}", method = RequestMethod.POST)
    @Operation(
            operationId = "createSlotUpload",
            summary = "Upload slot: the whole file in one request, or the IETF draft's upload creation",
            description = "As PUT." + ANSWERS,
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/octet-stream",
                                            schema = @Schema(type = "string", format = "binary"))))
    @ApiResponse(
            responseCode = "201",
            description = "The file is stored and verified (or was already); with the draft's fields, Location (the "
                    + "slot), Upload-Offset and Upload-Complete")
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
        "rate-limited",
        "invalid-request"
    })
    ResponseEntity<Void> post(
            @Parameter(description = SLOT_DESCRIPTION) @PathVariable String slot,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        return put(slot, request, response);
    }

    @RequestMapping(path = "/v1/upload-slots/{slot}", method = RequestMethod.HEAD)
    @Operation(
            operationId = "getSlotUploadOffset",
            summary = "Upload slot: where the upload stands (the IETF draft's offset retrieval, or tus HEAD)",
            description = "Never cached." + ANSWERS)
    @Parameter(
            in = ParameterIn.HEADER,
            name = IetfProtocol.INTEROP_VERSION,
            required = true,
            schema = @Schema(allowableValues = {"3", "4", "5", "6", "7", "8"}))
    @ApiResponse(responseCode = "204", description = "Upload-Offset, Upload-Complete, Upload-Length")
    @ProblemResponses({"consent-required", "not-found", "upload-gone", "rate-limited", "invalid-request"})
    ResponseEntity<Void> offset(
            @Parameter(description = SLOT_DESCRIPTION) @PathVariable String slot, HttpServletRequest request) {
        Slotted slotted = open(slot, request);
        return speaksTus(request) ? tus.offsetOf(slotted.upload()) : uploads.offset(slotted.upload(), request);
    }

    @RequestMapping(path = "/v1/upload-slots/{slot}", method = RequestMethod.PATCH)
    @Operation(
            operationId = "appendToSlotUpload",
            summary = "Upload slot: append at Upload-Offset (the IETF draft's append, or tus PATCH)",
            description = "From Upload-Offset on; Upload-Complete says whether this is the rest." + ANSWERS,
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            mediaType = IetfProtocol.PARTIAL_UPLOAD,
                                            schema = @Schema(type = "string", format = "binary"))))
    @Parameter(
            in = ParameterIn.HEADER,
            name = IetfProtocol.INTEROP_VERSION,
            required = true,
            schema = @Schema(allowableValues = {"3", "4", "5", "6", "7", "8"}))
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
        "rate-limited",
        "invalid-request",
        "completed-upload"
    })
    ResponseEntity<Void> append(
            @Parameter(description = SLOT_DESCRIPTION) @PathVariable String slot, HttpServletRequest request)
            throws IOException {
        Slotted slotted = open(slot, request);
        return speaksTus(request)
                ? tus.append(slotted.upload(), request)
                : uploads.append(slotted.upload(), slotted.url(), request);
    }

    @RequestMapping(path = "/v1/upload-slots/{slot}", method = RequestMethod.DELETE)
    @Operation(
            operationId = "endSlotUpload",
            summary = "Upload slot: end the upload (the IETF draft's cancellation, or tus termination)",
            description = "The upload ends and its bytes are removed; a stored file stays." + ANSWERS)
    @ApiResponse(responseCode = "204", description = "The upload is ended and its bytes removed (or it had ended)")
    @ProblemResponses({"consent-required", "not-found", "upload-gone", "upload-busy", "rate-limited"})
    ResponseEntity<Void> cancel(
            @Parameter(description = SLOT_DESCRIPTION) @PathVariable String slot, HttpServletRequest request) {
        Slotted slotted = open(slot, request);
        if (speaksTus(request)) {
            guards.end(slotted.upload());
            return ResponseEntity.noContent().build();
        }
        return uploads.cancel(slotted.upload(), request);
    }

    /** A tus client resuming what a slot began: tus' HEAD, PATCH and termination (TusProtocol checks the version). */
    private static boolean speaksTus(HttpServletRequest request) {
        return request.getHeader(TusProtocol.TUS_RESUMABLE) != null
                && request.getHeader(IetfProtocol.INTEROP_VERSION) == null;
    }

    /** A request's slot, verified, and the upload it opens. */
    private record Slotted(UploadRecord upload, URI url) {}

    /**
     * The slot's upload, or the problem: not a slot of ours (404), expired (410), too many requests (429), its upload
     * gone (404), consent withdrawn (403). Problems show the slot's first characters only.
     */
    private Slotted open(String pathSlot, HttpServletRequest request) {
        String whole = UploadSlotPaths.slotOf(request);
        String slot = whole != null ? whole : pathSlot;
        String shown = UploadSlots.shown(slot);
        UploadSlots.Verified verified = slots.verify(slot)
                .orElseThrow(() -> ProblemException.notFound(
                        "No upload slot '" + shown + "': it is not one this service gave out, or was altered."));
        limiter.admit(verified.uploadId()).ifPresent(wait -> {
            throw new ProblemException(
                            CommonProblem.RATE_LIMITED,
                            "Too many requests to this upload slot; at most "
                                    + "camroll.upload.slot-requests-per-minute a minute.")
                    .retryAfter(wait);
        });
        UploadRecord upload = rows.findAll(List.of(verified.uploadId())).stream()
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound(
                        "The upload of slot '" + shown + "' no longer exists; its data was erased."));
        // A job the OS retries after the slot expired, of a file that did arrive, is told so: it grants nothing more.
        if (verified.isExpiredAt(clock.instant()) && !upload.isComplete()) {
            throw new ProblemException(
                    UploadProblem.UPLOAD_GONE,
                    "The upload slot expired at " + verified.expiresAt() + "; send the manifest again for a new one.");
        }
        guards.requireConsent(upload);
        URI url = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(UploadSlots.PATH)
                .path(slot)
                .build()
                .toUri();
        return new Slotted(upload, url);
    }
}
