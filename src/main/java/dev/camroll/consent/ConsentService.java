package dev.camroll.consent;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;

import dev.camroll.api.PageQuery;
import dev.camroll.consent.ConsentViews.Circumstances;
import dev.camroll.consent.ConsentViews.Decision;
import dev.camroll.consent.ConsentViews.History;
import dev.camroll.consent.ConsentViews.HistoryEntry;
import dev.camroll.consent.ConsentViews.PurposeStatus;
import dev.camroll.consent.ConsentViews.Receipt;
import dev.camroll.identity.Subject;
import org.jspecify.annotations.Nullable;

/**
 * Consent decisions and what they imply: the dependency and notice rules, no-op repeats, the cascade of a withdrawal
 * to dependent purposes. Every change is one ledger entry (plus cascade entries) in one transaction, under the user's
 * ledger lock so the rules are checked against the state the entry is appended to.
 */
public interface ConsentService {

    /** Each purpose's current state for {@code subject}, in the order of {@link Purpose}. */
    List<PurposeStatus> status(Subject subject);

    /** Whether {@code noticeVersion} is a current text of {@code purpose} (in any language). */
    boolean isCurrentNotice(Purpose purpose, @Nullable String noticeVersion);

    /**
     * The user's own decision. GIVEN needs the current notice text of the purpose (in any language) and every purpose
     * it requires; repeating the current state with the same notice writes nothing and answers the existing entry.
     * Withdrawing always succeeds and also withdraws the dependent purposes.
     */
    Decision decide(
            Subject subject,
            Purpose purpose,
            ConsentState state,
            @Nullable String noticeVersion,
            Circumstances circumstances);

    /** A support agent withdraws {@code purpose} on the user's behalf; staff can never give consent. */
    Decision revokeOnBehalf(Subject subject, Purpose purpose, String staffId, String reason);

    /**
     * Appends a {@code DATA_PURGED} entry (actor SYSTEM) saying what a finished purge deleted, in the caller's
     * transaction (there must be one), and answers its receipt.
     */
    Receipt recordPurge(Subject subject, Map<String, Object> details);

    /** A user's state, whole ledger and its verification, read as one consistent snapshot. */
    record Snapshot(List<PurposeStatus> purposes, List<HistoryEntry> history, ChainVerification chain) {}

    /**
     * The state and the whole ledger with a full verification (every entry is read anyway, so each is hashed too):
     * what support sees, and what re-detects an old entry rewritten together with its hash, which the incremental
     * verification of {@link #history} cannot.
     */
    Snapshot snapshot(Subject subject);

    /**
     * Hands {@code entries} the whole ledger, oldest first, each entry with its signed receipt, as it is read (the
     * export writes it on at once), and answers the full verification of the chain, in the caller's transaction. The
     * receipts carry their inclusion proofs when a checkpoint covers them: publish the log first ({@code
     * ConsentLog.publish}) so that every committed entry is covered.
     */
    ChainVerification ledger(Subject subject, BiConsumer<HistoryEntry, Receipt> entries);

    /**
     * One page of the ledger, oldest first, with the verification of the whole chain as of the same moment: the
     * entries after the verified head and the entries of the page are hashed, not the whole chain again.
     */
    History history(Subject subject, PageQuery query);

    /** The signed receipt of one of {@code subject}'s entries; empty for anyone else's. */
    Optional<Receipt> receipt(Subject subject, UUID eventId);

    /**
     * {@code receipt} with its inclusion proof in the transparency log, a checkpoint signed for it if none covers it
     * yet; outside any transaction (after the one that appended the entry). Without a proof only if the entry's user was
     * forgotten.
     */
    Receipt proven(Receipt receipt);
}
