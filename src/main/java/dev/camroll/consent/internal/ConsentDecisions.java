package dev.camroll.consent.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;

import dev.camroll.api.PageQuery;
import dev.camroll.api.ProblemException;
import dev.camroll.consent.Actor;
import dev.camroll.consent.ChainVerification;
import dev.camroll.consent.ConsentProblem;
import dev.camroll.consent.ConsentService;
import dev.camroll.consent.ConsentState;
import dev.camroll.consent.ConsentViews.Circumstances;
import dev.camroll.consent.ConsentViews.Decision;
import dev.camroll.consent.ConsentViews.History;
import dev.camroll.consent.ConsentViews.HistoryEntry;
import dev.camroll.consent.ConsentViews.PurposeStatus;
import dev.camroll.consent.ConsentViews.Receipt;
import dev.camroll.consent.ConsentWithdrawn;
import dev.camroll.consent.PendingPurges;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Subject;
import dev.camroll.transparency.ConsentLog;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The consent rules over the ledger (see {@link ConsentService}). */
@Service
class ConsentDecisions implements ConsentService {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConsentLedger ledger;

    private final ConsentEvents events;

    private final LatestDecisions latestDecisions;

    private final Notices notices;

    private final ReceiptSigner receipts;

    private final ConsentLog log;

    private final MeterRegistry meters;

    private final ApplicationEventPublisher publisher;

    private final List<PendingPurges> pendingPurges;

    /** Reads of the state and the ledger that must agree with each other: one read-only snapshot. */
    private final TransactionTemplate snapshotReads;

    ConsentDecisions(
            ConsentLedger ledger,
            ConsentEvents events,
            LatestDecisions latestDecisions,
            Notices notices,
            ReceiptSigner receipts,
            ConsentLog log,
            MeterRegistry meters,
            ApplicationEventPublisher publisher,
            List<PendingPurges> pendingPurges,
            PlatformTransactionManager transactions) {
        this.ledger = ledger;
        this.snapshotReads = new TransactionTemplate(transactions);
        this.snapshotReads.setReadOnly(true);
        this.snapshotReads.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.pendingPurges = pendingPurges;
        this.publisher = publisher;
        this.events = events;
        this.latestDecisions = latestDecisions;
        this.notices = notices;
        this.receipts = receipts;
        this.log = log;
        this.meters = meters;
    }

    @Override
    public List<PurposeStatus> status(Subject subject) {
        Map<Purpose, LatestDecisions.Latest> latest = latestDecisions.of(subject);
        List<PurposeStatus> status = new ArrayList<>();
        for (Purpose purpose : Purpose.values()) {
            LatestDecisions.Latest event = latest.get(purpose);
            status.add(
                    event == null
                            ? new PurposeStatus(purpose, ConsentState.NOT_ASKED, null, false, null, null)
                            : new PurposeStatus(
                                    purpose,
                                    event.state(),
                                    event.noticeVersion(),
                                    event.isGiven() && notices.isCurrent(purpose, event.noticeVersion()),
                                    event.occurredAt(),
                                    event.eventId()));
        }
        return status;
    }

    @Override
    public boolean isCurrentNotice(Purpose purpose, @Nullable String noticeVersion) {
        return notices.isCurrent(purpose, noticeVersion);
    }

    @Override
    @Transactional
    public Decision decide(
            Subject subject,
            Purpose purpose,
            ConsentState state,
            @Nullable String noticeVersion,
            Circumstances circumstances) {
        ledger.lock(subject);
        Map<Purpose, LatestDecisions.Latest> latest = latestDecisions.of(subject);
        LatestDecisions.Latest current = latest.get(purpose);
        Actor actor = Actor.user(subject.value());
        ConsentEvent decided;
        if (state == ConsentState.GIVEN) {
            if (noticeVersion == null) {
                throw ProblemException.invalid("noticeVersion", "'noticeVersion' is required to give consent.");
            }
            if (!notices.isCurrent(purpose, noticeVersion)) {
                throw new ProblemException(
                                ConsentProblem.NOTICE_OUTDATED,
                                "Consent can only be given to the current " + "notice of '" + purpose.slug()
                                        + "'; show the current text and ask again.")
                        .with(
                                "currentNoticeVersion",
                                notices.current(purpose, circumstances.locale()).version());
            }
            List<String> missing = purpose.requires().stream()
                    .filter(required -> !isGiven(latest.get(required)))
                    .map(Purpose::slug)
                    .toList();
            if (!missing.isEmpty()) {
                throw new ProblemException(
                                ConsentProblem.CONSENT_DEPENDENCY,
                                "'" + purpose.slug() + "' needs " + String.join(", ", missing) + " to be given first.")
                        .with("requires", missing);
            }
            if (isGiven(current) && noticeVersion.equals(current.noticeVersion())) {
                return decision(subject, current);
            }
            if (pendingPurges.stream().anyMatch(purges -> purges.pending(subject))) {
                // Giving consent again starts from zero: nothing new may arrive while the old data is still going.
                throw new ProblemException(
                                ConsentProblem.PURGE_PENDING,
                                "Your data from before the withdrawal is still "
                                        + "being deleted; give consent again once that has finished (within a minute).")
                        .retryAfter(Duration.ofSeconds(5));
            }
            String locale = notices.find(noticeVersion).map(Notice::locale).orElseThrow();
            decided = append(
                    subject,
                    ConsentEvent.Draft.consent(purpose, ConsentState.GIVEN, noticeVersion, actor)
                            .with(circumstances, locale));
        } else if (state == ConsentState.WITHDRAWN) {
            if (current != null && !current.isGiven()) {
                return decision(subject, current);
            }
            Notice shown = withdrawnNotice(purpose, current, circumstances.locale());
            decided = withdraw(
                    subject,
                    purpose,
                    latest,
                    ConsentEvent.Draft.consent(purpose, ConsentState.WITHDRAWN, shown.version(), actor)
                            .with(circumstances, shown.locale()));
        } else {
            throw ProblemException.invalid("state", "'state' must be GIVEN or WITHDRAWN.");
        }
        return decision(decided);
    }

    @Override
    @Transactional
    public Decision revokeOnBehalf(Subject subject, Purpose purpose, String staffId, String reason) {
        ledger.lock(subject);
        Map<Purpose, LatestDecisions.Latest> latest = latestDecisions.of(subject);
        LatestDecisions.Latest current = latest.get(purpose);
        if (current != null && !current.isGiven()) {
            return decision(subject, current);
        }
        ConsentEvent.Draft draft = ConsentEvent.Draft.consent(
                        purpose,
                        ConsentState.WITHDRAWN,
                        withdrawnNotice(purpose, current, null).version(),
                        Actor.support(staffId))
                .withReason(reason);
        return decision(withdraw(subject, purpose, latest, draft));
    }

    /**
     * The notice a withdrawal refers to: the one consent was given to, or (never given) the current text, so every
     * consent entry and receipt names the notice it is about.
     */
    private Notice withdrawnNotice(Purpose purpose, LatestDecisions.@Nullable Latest current, @Nullable String locale) {
        if (current != null && current.noticeVersion() != null) {
            return notices.find(current.noticeVersion()).orElseThrow();
        }
        return notices.current(purpose, locale);
    }

    private ConsentEvent withdraw(
            Subject subject, Purpose purpose, Map<Purpose, LatestDecisions.Latest> latest, ConsentEvent.Draft draft) {
        ConsentEvent withdrawal = append(subject, draft);
        for (Purpose dependant : purpose.dependants()) {
            LatestDecisions.Latest dependantCurrent = latest.get(dependant);
            if (isGiven(dependantCurrent)) {
                append(
                        subject,
                        ConsentEvent.Draft.consent(
                                        dependant,
                                        ConsentState.WITHDRAWN,
                                        dependantCurrent.noticeVersion(),
                                        Actor.system())
                                .withDetails(
                                        Map.of("cause", withdrawal.eventId().toString(), "requires", purpose.slug())));
            }
        }
        return withdrawal;
    }

    private ConsentEvent append(Subject subject, ConsentEvent.Draft draft) {
        ConsentEvent event = ledger.append(subject, draft);
        if (draft.state() == ConsentState.WITHDRAWN) {
            publisher.publishEvent(new ConsentWithdrawn(subject, draft.purpose(), event.eventId()));
        }
        meters.counter(
                        "camroll.consent.decisions",
                        "purpose",
                        draft.purpose().slug(),
                        "state",
                        draft.state().name(),
                        "actor",
                        draft.actor().kind().name())
                .increment();
        return event;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public Receipt recordPurge(Subject subject, Map<String, Object> details) {
        ledger.lock(subject);
        ConsentEvent event = ledger.append(subject, ConsentEvent.Draft.purged(Purpose.CLOUD_PROCESSING, details));
        meters.counter("camroll.consent.purges.recorded").increment();
        return new Receipt(event.eventId(), receipts.sign(event));
    }

    /** The verified head follows what the full walk found, once the read has ended. */
    @Override
    public Snapshot snapshot(Subject subject) {
        List<HistoryEntry> history = new ArrayList<>();
        var read = snapshotReads.execute(tx -> {
            List<PurposeStatus> purposes = status(subject);
            ConsentLedger.Verification verification = ledger.verifyAll(subject, event -> history.add(entry(event)));
            return Map.entry(purposes, verification);
        });
        ledger.remember(subject, read.getValue());
        return new Snapshot(read.getKey(), history, read.getValue().chain());
    }

    @Override
    @Transactional(readOnly = true)
    public ChainVerification ledger(Subject subject, BiConsumer<HistoryEntry, Receipt> entries) {
        return ledger.verifyAll(
                        subject,
                        event -> entries.accept(
                                entry(event),
                                new Receipt(event.eventId(), receipts.sign(event))
                                        .withProof(log.coveredProof(event.eventId())
                                                .orElse(null))))
                .chain();
    }

    /** Verifies incrementally ({@link ConsentLedger#verify}) and moves the head once the read has ended. */
    @Override
    public History history(Subject subject, PageQuery query) {
        var read = snapshotReads.execute(tx -> {
            List<ConsentEvent> rows = events.findBySubjectAndSeqGreaterThanOrderBySeqAsc(
                    subject.value(), query.afterNumber(), Limit.of(query.limit() + 1));
            var page = query.page(rows.stream().map(ConsentDecisions::entry).toList(), HistoryEntry::seq);
            ConsentLedger.Verification verification =
                    ledger.verify(subject, rows.subList(0, Math.min(rows.size(), query.limit())));
            return Map.entry(page, verification);
        });
        ledger.remember(subject, read.getValue());
        return new History(
                read.getKey().items(),
                read.getKey().nextCursor(),
                read.getValue().chain());
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Receipt> receipt(Subject subject, UUID eventId) {
        return events.findByEventIdAndSubject(eventId, subject.value())
                .map(e -> new Receipt(e.eventId(), receipts.sign(e)));
    }

    @Override
    public Receipt proven(Receipt receipt) {
        return receipt.withProof(log.proof(receipt.eventId()).orElse(null));
    }

    private Decision decision(ConsentEvent event) {
        return new Decision(
                event.purpose(),
                event.state(),
                event.noticeVersion(),
                event.eventId(),
                event.occurredAt(),
                new Receipt(event.eventId(), receipts.sign(event)));
    }

    /** The decision an entry already made, answered again when the same decision is asked for twice. */
    private Decision decision(Subject subject, LatestDecisions.Latest current) {
        return decision(events.findByEventIdAndSubject(current.eventId(), subject.value())
                .orElseThrow());
    }

    private static boolean isGiven(LatestDecisions.@Nullable Latest event) {
        return event != null && event.isGiven();
    }

    @SuppressWarnings("unchecked")
    private static HistoryEntry entry(ConsentEvent e) {
        return new HistoryEntry(
                e.eventId(),
                e.seq(),
                e.type().name(),
                e.purpose(),
                e.state(),
                e.noticeVersion(),
                e.locale(),
                e.details() == null ? null : JSON.readValue(e.details(), Map.class),
                e.actor(),
                e.occurredAt(),
                e.clientTime(),
                e.method(),
                e.platform(),
                e.appVersion(),
                e.deviceId(),
                e.reason(),
                e.prevHash(),
                e.hash());
    }
}
