package dev.camroll.privacy;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;

import dev.camroll.identity.Caller;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The user's own data: erasure of the account. */
@RestController
class PrivacyController {

    /** The answer to an erasure: the purge that carries it out, and when it is due. */
    record Erasure(UUID purgeId, String scope, Instant requestedAt, Instant deadline) {
    }

    private final PurgeRequests requests;

    PrivacyController(PurgeRequests requests) {
        this.requests = requests;
    }

    @DeleteMapping("/v1/me")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Erase the account", description = "Withdraws cloud_processing and deletes media, derivatives, "
            + "uploads, batches, suggestions, occasions and devices (202: the purge runs now and is due by 'deadline'; "
            + "its DATA_PURGED entry appears in /v1/consent/history). The consent ledger and the access log are kept, "
            + "marked erased, as proof of consent (GDPR Art. 7(1)).")
    Erasure erase(Caller caller) {
        Purges.Purge purge = requests.eraseAccount(caller.subject());
        return new Erasure(purge.purgeId(), purge.scope().column(), purge.requestedAt(), purge.deadlineAt());
    }
}
