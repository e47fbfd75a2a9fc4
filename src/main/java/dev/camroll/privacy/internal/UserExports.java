package dev.camroll.privacy.internal;

import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import dev.camroll.api.CommonProblem;
import dev.camroll.api.Page;
import dev.camroll.api.PageQuery;
import dev.camroll.api.ProblemException;
import dev.camroll.consent.AccessLog;
import dev.camroll.consent.ChainVerification;
import dev.camroll.consent.ConsentService;
import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.privacy.ExportSection;
import dev.camroll.privacy.PersonalData;
import dev.camroll.privacy.PrivacySettings;
import dev.camroll.privacy.internal.UserExport.Account;
import dev.camroll.privacy.internal.UserExport.LedgerEntry;
import dev.camroll.privacy.internal.UserExport.PurgeRecord;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a user's export ({@link UserExport}'s shape) while reading it: consent and the access log from the consent
 * module, the account, the purges, and each module's sections through {@link PersonalData#export}, page by page, so
 * the service holds a page at a time however large the library (a 20,000-media export is about 10 MB of JSON). The
 * price is a database connection and snapshot held while the client reads, so an instance writes at most
 * {@code camroll.privacy.concurrent-exports} at once, and one per user.
 */
@Component
class UserExports {

    /** One export being written; closing it frees its slot. */
    interface Slot extends AutoCloseable {

        @Override
        void close();
    }

    /** When a refused export should be asked for again: an export takes seconds, not minutes, to read. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    private final ConsentService consent;

    private final AccessLog accessLog;

    private final UserAccounts accounts;

    private final Purges purges;

    private final List<PersonalData> holders;

    private final JsonMapper json;

    private final Semaphore slots;

    private final Set<Subject> exporting = ConcurrentHashMap.newKeySet();

    UserExports(
            ConsentService consent,
            AccessLog accessLog,
            UserAccounts accounts,
            Purges purges,
            List<PersonalData> holders,
            JsonMapper json,
            PrivacySettings settings) {
        this.consent = consent;
        this.accessLog = accessLog;
        this.accounts = accounts;
        this.purges = purges;
        this.holders = holders;
        this.json = json;
        this.slots = new Semaphore(settings.concurrentExports());
    }

    /**
     * Takes a slot for {@code subject}'s export: refused while the user's previous export is still being written
     * ({@code 429 rate-limited}) or while this instance writes as many as allowed ({@code 503 service-unavailable}).
     */
    Slot claim(Subject subject) {
        if (!exporting.add(subject)) {
            throw new ProblemException(
                            CommonProblem.RATE_LIMITED,
                            "Your previous export is still being sent; ask again " + "once it has arrived.")
                    .retryAfter(RETRY_AFTER);
        }
        if (!slots.tryAcquire()) {
            exporting.remove(subject);
            throw new ProblemException(
                            CommonProblem.SERVICE_UNAVAILABLE,
                            "Other exports are being sent; ask again in a " + "few seconds.")
                    .retryAfter(RETRY_AFTER);
        }
        return () -> {
            slots.release();
            exporting.remove(subject);
        };
    }

    /**
     * Writes the export of {@code subject} to {@code out} as it reads it, every part in one snapshot, so the parts
     * agree as of one moment: a purge finishing meanwhile is either wholly in it (no media, its DATA_PURGED entry) or
     * not at all, and a decision made meanwhile is in both the state and the ledger or in neither. Reads only; an
     * unknown user gets empty parts. Once the first bytes are out a failure can only cut the document short (the
     * client sees invalid JSON), never change what was sent.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    void write(Subject subject, Instant exportedAt, OutputStream out) {
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartObject();
            generator.writePOJOProperty("exportedAt", exportedAt);
            generator.writeStringProperty("subject", subject.value());
            generator.writePOJOProperty(
                    "account", new Account(accounts.erasedAt(subject).orElse(null)));
            generator.writeObjectPropertyStart("consent");
            generator.writePOJOProperty("purposes", consent.status(subject));
            generator.writeArrayPropertyStart("history");
            ChainVerification chain =
                    consent.ledger(subject, (entry, receipt) -> generator.writePOJO(new LedgerEntry(entry, receipt)));
            generator.writeEndArray();
            generator.writePOJOProperty("chain", chain);
            generator.writeEndObject();
            generator.writeArrayPropertyStart("accessLog");
            accessLog(subject, generator);
            generator.writeEndArray();
            for (ExportSection section : ExportSection.values()) {
                generator.writeArrayPropertyStart(section.key());
                holders.forEach(holder -> holder.export(subject, section, generator::writePOJO));
                generator.writeEndArray();
            }
            generator.writeArrayPropertyStart("purges");
            purges.of(subject)
                    .forEach(p -> generator.writePOJO(new PurgeRecord(
                            p.purgeId().value(),
                            p.scope().column(),
                            p.requestedAt(),
                            p.finishedAt(),
                            p.ledgerEventId(),
                            p.objectKeysRoot(),
                            p.objectKeysRoot() == null ? null : p.counts().get("objects"))));
            generator.writeEndArray();
            generator.writeEndObject();
        }
    }

    /** Every staff look at the user's data, newest first, page by page as the access log hands them out. */
    private void accessLog(Subject subject, JsonGenerator generator) {
        String cursor = null;
        do {
            Page<AccessLog.Entry> page = accessLog.forUser(subject, PageQuery.of(cursor, PageQuery.MAX_LIMIT));
            page.items().forEach(generator::writePOJO);
            cursor = page.nextCursor();
        } while (cursor != null);
    }
}
