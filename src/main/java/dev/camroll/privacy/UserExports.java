package dev.camroll.privacy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.camroll.api.Page;
import dev.camroll.api.PageQuery;
import dev.camroll.consent.AccessLog;
import dev.camroll.consent.ConsentService;
import dev.camroll.identity.UserAccounts;
import dev.camroll.privacy.UserExport.Account;
import dev.camroll.privacy.UserExport.Consent;
import dev.camroll.privacy.UserExport.LedgerEntry;
import dev.camroll.privacy.UserExport.PurgeRecord;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Assembles a user's export: consent and the access log from the consent module, the account, the purges, and each
 * module's parts through {@link PersonalData#export}. The whole document is held in memory before it is written: a
 * 10,000-media library is a few MB of JSON (measured in {@code ExportTests}), far from what would call for streaming.
 */
@Component
class UserExports {

    private final ConsentService consent;

    private final AccessLog accessLog;

    private final UserAccounts accounts;

    private final Purges purges;

    private final List<PersonalData> holders;

    private final Clock clock;

    UserExports(ConsentService consent, AccessLog accessLog, UserAccounts accounts, Purges purges,
            List<PersonalData> holders, Clock clock) {
        this.consent = consent;
        this.accessLog = accessLog;
        this.accounts = accounts;
        this.purges = purges;
        this.holders = holders;
        this.clock = clock;
    }

    /**
     * The export of {@code subject}, every part read in one snapshot, so the parts agree as of one moment: a purge
     * finishing meanwhile is either wholly in it (no media, its DATA_PURGED entry) or not at all, and a decision made
     * meanwhile is in both the state and the ledger or in neither. Reads only; an unknown user gets empty parts.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    UserExport of(String subject) {
        Instant exportedAt = clock.instant();
        ConsentService.Snapshot snapshot = consent.snapshot(subject);
        List<LedgerEntry> history = snapshot.history().stream()
            .map(entry -> new LedgerEntry(entry, consent.receipt(subject, entry.eventId()).orElseThrow()))
            .toList();
        Map<ExportSection, List<?>> sections = new EnumMap<>(ExportSection.class);
        for (PersonalData holder : holders) {
            holder.export(subject).forEach((section, items) -> {
                if (sections.putIfAbsent(section, items) != null) {
                    throw new IllegalStateException("two modules export the section '" + section.key() + "'");
                }
            });
        }
        List<PurgeRecord> purged = purges.of(subject).stream()
            .map(p -> new PurgeRecord(p.purgeId(), p.scope().column(), p.requestedAt(), p.finishedAt(),
                    p.ledgerEventId()))
            .toList();
        return new UserExport(exportedAt, subject, new Account(accounts.erasedAt(subject).orElse(null)),
                new Consent(snapshot.purposes(), history, snapshot.chain()), accessLog(subject),
                section(sections, ExportSection.DEVICES), section(sections, ExportSection.BATCHES),
                section(sections, ExportSection.MEDIA),
                section(sections, ExportSection.SUGGESTIONS), section(sections, ExportSection.OCCASIONS), purged);
    }

    /** Every staff look at the user's data, newest first, page by page as the access log hands them out. */
    private List<AccessLog.Entry> accessLog(String subject) {
        List<AccessLog.Entry> entries = new ArrayList<>();
        String cursor = null;
        do {
            Page<AccessLog.Entry> page = accessLog.forUser(subject, PageQuery.of(cursor, PageQuery.MAX_LIMIT));
            entries.addAll(page.items());
            cursor = page.nextCursor();
        }
        while (cursor != null);
        return entries;
    }

    private static List<?> section(Map<ExportSection, List<?>> sections, ExportSection section) {
        return sections.getOrDefault(section, List.of());
    }
}
