package dev.camroll.privacy.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import dev.camroll.api.Examples;
import dev.camroll.api.ProblemResponses;
import dev.camroll.identity.Caller;
import dev.camroll.privacy.internal.DeletionProofs.KeyProof;
import dev.camroll.privacy.internal.DeletionProofs.PurgeEvidence;
import dev.camroll.transparency.ConsentLog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The user's own data: its export, the erasure of the account, and the evidence of each purge (contract section "The
 * user's own data"; docs/privacy.md, "Deletion proofs").
 */
@RestController
@Tag(
        name = "privacy",
        description = "Everything the service keeps about the caller, as one download, erasing the account, and the "
                + "keys each purge deleted, with proofs")
class PrivacyController {

    /** The answer to an erasure: the purge that carries it out, and when it is due. */
    record Erasure(UUID purgeId, String scope, Instant requestedAt, Instant deadline) {}

    private final PurgeRequests requests;

    private final UserExports exports;

    private final ConsentLog log;

    private final DeletionProofs proofs;

    private final Clock clock;

    PrivacyController(PurgeRequests requests, UserExports exports, DeletionProofs proofs, ConsentLog log, Clock clock) {
        this.requests = requests;
        this.log = log;
        this.exports = exports;
        this.proofs = proofs;
        this.clock = clock;
    }

    @GetMapping(path = "/v1/me/export", produces = MediaType.APPLICATION_JSON_VALUE)
    @ProblemResponses({"rate-limited"})
    @Examples(response = PrivacyExamples.EXPORT)
    @Operation(
            operationId = "exportMyData",
            summary = "The caller's data as one JSON document, to download",
            description = "The account (erasedAt), consent (state per purpose, the whole ledger with a signed receipt "
                    + "per entry, verifiable against /v1/consent/receipts/jwks.json, and the chain's verification), "
                    + "the access log, devices, batch manifests with the decision per kept line, media metadata "
                    + "(positions only while location_analysis is given), "
                    + "suggestions (dismissed ones too), occasions and purges, each part shaped like the endpoint that "
                    + "shows it, all read at one moment. No photo, preview, thumbnail or rendered image: the photos "
                    + "are on the phone, and the images are at their own URLs. Sent as an attachment "
                    + "(camroll-export-<UTC date>.json), never cached, and streamed while it is read: a failure after "
                    + "the first bytes cuts the document short (invalid JSON; ask again). One export per user at a "
                    + "time (another while it is sent: 429 rate-limited with Retry-After); 503 with Retry-After while "
                    + "the instance sends camroll.privacy.concurrent-exports others.",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The export",
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = UserExport.class))))
    void export(Caller caller, HttpServletResponse response) throws IOException {
        try (UserExports.Slot slot = exports.claim(caller.user())) {
            Instant exportedAt = clock.instant();
            String filename = "camroll-export-" + LocalDate.ofInstant(exportedAt, ZoneOffset.UTC) + ".json";
            response.setStatus(HttpStatus.OK.value());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            // no-store: the document is the user's whole personal data; no shared or private cache may keep a copy.
            response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
            response.setHeader(
                    HttpHeaders.CONTENT_DISPOSITION,
                    ContentDisposition.attachment().filename(filename).build().toString());
            // Every entry committed so far under a checkpoint, so each receipt in the export carries its proof.
            log.publish();
            // Written on this request's thread while it is read, in the export's transaction: no async hand-off whose
            // timeout would cut a large export on a slow network.
            exports.write(caller.user(), exportedAt, response.getOutputStream());
        }
    }

    @DeleteMapping("/v1/me")
    @ApiResponse(responseCode = "202", description = "The erasure is accepted; its purge runs until the deadline")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Examples(response = PrivacyExamples.ERASURE)
    @Operation(
            operationId = "eraseAccount",
            summary = "Erase the account",
            description = "Withdraws cloud_processing and deletes media, derivatives, "
                    + "uploads, batches, suggestions, occasions and devices (202: the purge runs now and is due by 'deadline'; "
                    + "its DATA_PURGED entry appears in /v1/consent/history). The consent ledger and the access log are kept, "
                    + "marked erased, as proof of consent (GDPR Art. 7(1)).")
    Erasure erase(Caller caller) {
        Purges.Purge purge = requests.eraseAccount(caller.user());
        return new Erasure(purge.purgeId().value(), purge.scope().column(), purge.requestedAt(), purge.deadlineAt());
    }

    @GetMapping("/v1/me/purges/{purgeId}")
    @ProblemResponses({"not-found"})
    @Examples(response = PrivacyExamples.PURGE)
    @Operation(
            operationId = "getPurge",
            summary = "One of the caller's purges, with the object keys it deleted",
            description =
                    "A purge of a withdrawal of cloud_processing or of an erasure, and the object keys it deleted "
                            + "(sorted; opaque names: the random per-user key and media or suggestion ids, no content). Their "
                            + "RFC 9162 Merkle tree hash, recomputed from the keys, must equal objectKeysRoot here and in the "
                            + "DATA_PURGED entry's details (a signed receipt). While the purge runs, finishedAt, "
                            + "ledgerEventId and objectKeysRoot are null and keys is empty. Another user's purge is 404.")
    PurgeEvidence purge(Caller caller, @Parameter(description = "The purge's id") @PathVariable String purgeId) {
        return proofs.evidence(caller.user(), purgeId);
    }

    @GetMapping("/v1/me/purges/{purgeId}/keys/proof")
    @ProblemResponses({"not-found"})
    @Examples(response = PrivacyExamples.KEY_PROOF)
    @Operation(
            operationId = "getPurgedKeyProof",
            summary = "Proof that one of the caller's finished purges deleted an object key",
            description = "The RFC 9162 inclusion proof (section 2.1.3) of the key's leaf in the tree of the purge's "
                    + "sorted keys, whose root the DATA_PURGED entry names: verify it against that entry's "
                    + "objectKeysRoot, not only the one in this answer. 404 when the purge did not delete the key, "
                    + "is still running, or is another user's.")
    KeyProof keyProof(
            Caller caller,
            @Parameter(description = "The purge's id") @PathVariable String purgeId,
            @Parameter(description = "The object key, e.g. u/{userKey}/original/{mediaId}") @RequestParam String key) {
        return proofs.proof(caller.user(), purgeId, key);
    }
}
