package dev.camroll.suggestions.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.jobs.Job;
import dev.camroll.jobs.JobHandler;
import dev.camroll.jobs.JobKind;
import dev.camroll.jobs.JobOptions;
import dev.camroll.jobs.JobQueue;
import dev.camroll.media.MediaLibrary;
import dev.camroll.media.Shot;
import dev.camroll.storage.ObjectStore;
import dev.camroll.suggestions.SuggestionId;
import dev.camroll.suggestions.SuggestionJobs;
import dev.camroll.suggestions.SuggestionSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The {@code build-suggestions} job: plans the user's suggestions from scratch and applies the difference to what
 * the user has, in one transaction, so the job is idempotent and a failed build changes nothing. Builds of one user
 * never overlap (a transaction-scoped advisory lock); new and changed collages and recaps get a
 * {@code render-suggestion} job.
 */
@Component
class SuggestionBuilder implements JobHandler<JobKind.NoPayload> {

    private static final Logger log = LoggerFactory.getLogger(SuggestionBuilder.class);

    private final MediaLibrary media;

    private final ConsentGate consent;

    private final Suggestions suggestions;

    private final JobQueue jobs;

    private final SuggestionPlanner planner;

    private final Clock clock;

    private final UserAccounts accounts;

    private final ObjectStore store;

    private final Occasions occasions;

    SuggestionBuilder(
            MediaLibrary media,
            ConsentGate consent,
            Suggestions suggestions,
            JobQueue jobs,
            SuggestionSettings settings,
            Clock clock,
            UserAccounts accounts,
            ObjectStore store,
            Occasions occasions) {
        this.occasions = occasions;
        this.accounts = accounts;
        this.store = store;
        this.media = media;
        this.consent = consent;
        this.suggestions = suggestions;
        this.jobs = jobs;
        this.planner = new SuggestionPlanner(settings);
        this.clock = clock;
    }

    @Override
    public JobKind<JobKind.NoPayload> kind() {
        return SuggestionJobs.BUILD_SUGGESTIONS;
    }

    @Override
    @Transactional
    public void handle(Job job, JobKind.NoPayload none) {
        String subject = job.subject() == null ? null : job.subject().value();
        Set<Purpose> given = subject == null ? Set.of() : consent.given(Subject.of(subject));
        if (!given.contains(Purpose.CLOUD_PROCESSING)) {
            return; // withdrawn: the purge removes what there is, nothing new may be made
        }
        suggestions.lockBuildsOf(subject);
        List<Shot> shots = media.shots(Subject.of(subject));
        ThemeFinder.Context context = new ThemeFinder.Context(
                LocalDate.now(clock), occasions.of(subject), given.contains(Purpose.LOCATION_ANALYSIS));
        SuggestionReconciler.Changes changes =
                SuggestionReconciler.reconcile(suggestions.current(subject), planner.plan(shots, context));
        Instant now = clock.instant();
        for (Candidate candidate : changes.added()) {
            SuggestionId id = suggestions.add(subject, candidate, now);
            if (candidate.hasImage()) {
                render(subject, id);
            }
        }
        for (SuggestionReconciler.Change change : changes.changed()) {
            SuggestionId id = change.before().suggestionId();
            if (suggestions.change(id, change.after(), now) && change.after().hasImage() && change.showsOtherShots()) {
                render(subject, id);
            }
        }
        List<String> images = new ArrayList<>();
        String userKey = changes.removed().isEmpty()
                ? null
                : accounts.find(Subject.of(subject)).orElseThrow().userKey();
        for (StoredSuggestion removed : changes.removed()) {
            // The row's flag, not the one read above: a render may have committed since.
            if (suggestions.remove(removed.suggestionId(), now)) {
                images.add(SuggestionRendering.imageKey(userKey, removed.suggestionId()));
            }
        }
        if (!images.isEmpty()) {
            // After the commit: a rollback keeps the suggestions, so it must keep their images. A deletion that
            // fails leaves an image nothing shows; the user's purge removes it with the rest of the prefix.
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    images.forEach(store::delete);
                }
            });
        }
        log.info(
                "Suggestions of {} built from {} shots: {} added, {} changed, {} removed",
                subject,
                shots.size(),
                changes.added().size(),
                changes.changed().size(),
                changes.removed().size());
    }

    private void render(String subject, SuggestionId suggestionId) {
        // One pending render per suggestion; a render that finds the shots changed since renders what is there.
        jobs.enqueue(
                SuggestionRendering.RENDER_SUGGESTION,
                Subject.of(subject),
                new SuggestionRendering.RenderSuggestion(suggestionId.value()),
                JobOptions.defaults().withDedupeKey(suggestionId.toString()));
    }
}
