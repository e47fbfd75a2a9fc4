package dev.camroll.privacy.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.camroll.consent.AccessLog;
import dev.camroll.consent.ChainVerification;
import dev.camroll.consent.ConsentViews.HistoryEntry;
import dev.camroll.consent.ConsentViews.PurposeStatus;
import dev.camroll.consent.ConsentViews.Receipt;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * The user's own data as one JSON document ({@code GET /v1/me/export}): its shape, as the API document declares it;
 * {@link UserExports} writes it part by part while reading. Each part has the shape of the API that shows it, so a
 * reader of the API docs can read the export.
 *
 * @param exportedAt when the export was read; every part is from that one moment (one read-only snapshot)
 * @param subject the user id the export is about
 * @param account the account itself
 * @param consent the state per purpose, the whole ledger with a signed receipt per entry, and its verification
 * @param accessLog every staff look at the user's data, newest first
 * @param devices the devices as the app registered them
 * @param batches the batch manifests as the app sent them, oldest first, each kept line with the service's decision
 * @param media the media's metadata, newest first; positions only while {@code location_analysis} is given
 * @param suggestions the suggestions that hold, newest first, dismissed ones too
 * @param occasions the dates the user wants remembered
 * @param purges the purges of the user's data, oldest first; each finished one names its {@code DATA_PURGED} entry
 *     and the root of the keys it deleted
 */
record UserExport(
        Instant exportedAt,
        String subject,
        Account account,
        Consent consent,
        List<AccessLog.Entry> accessLog,
        List<?> devices,
        List<?> batches,
        List<?> media,
        List<?> suggestions,
        List<?> occasions,
        List<PurgeRecord> purges) {

    /** @param erasedAt when the user last erased the account ({@code DELETE /v1/me}), or null */
    record Account(@Schema(nullable = true) @Nullable Instant erasedAt) {}

    /** The consent part: like {@code GET /v1/consent} and {@code GET /v1/consent/history}, receipts included. */
    record Consent(List<PurposeStatus> purposes, List<LedgerEntry> history, ChainVerification chain) {}

    /** A ledger entry as {@code GET /v1/consent/history} shows it, with its receipt. */
    record LedgerEntry(@JsonUnwrapped HistoryEntry entry, Receipt receipt) {}

    /**
     * A purge: what was asked, when it finished, the ledger entry that says what it deleted, and the root of the keys
     * it deleted ({@code GET /v1/me/purges/{purgeId}} without the keys, which that endpoint lists).
     */
    record PurgeRecord(
            UUID purgeId,
            String scope,
            Instant requestedAt,
            @Schema(nullable = true) @Nullable Instant finishedAt,
            @Schema(nullable = true) @Nullable UUID ledgerEventId,
            @Schema(nullable = true) @Nullable String objectKeysRoot,
            @Schema(nullable = true) @Nullable Long objects) {}
}
