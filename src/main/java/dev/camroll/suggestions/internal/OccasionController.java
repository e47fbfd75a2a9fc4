package dev.camroll.suggestions.internal;

import java.time.DateTimeException;
import java.time.MonthDay;
import java.util.List;

import dev.camroll.api.Examples;
import dev.camroll.api.ProblemException;
import dev.camroll.api.ProblemResponses;
import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Caller;
import dev.camroll.identity.UserAccounts;
import dev.camroll.jobs.JobKind;
import dev.camroll.jobs.JobOptions;
import dev.camroll.jobs.JobQueue;
import dev.camroll.suggestions.SuggestionJobs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dates a user wants remembered: birthdays and anniversaries, which drive their themes. They are personal data
 * processed for suggestions, so both reading and replacing them need {@code cloud_processing}; after a withdrawal or
 * {@code DELETE /v1/me} (which withdraws it) they are refused until the user gives it again.
 */
@RestController
@Tag(name = "suggestions")
class OccasionController {

    /** The most occasions a user keeps. */
    static final int MAX_OCCASIONS = 100;

    private final Occasions occasions;

    private final UserAccounts accounts;

    private final JobQueue jobs;

    private final ConsentGate consent;

    OccasionController(Occasions occasions, UserAccounts accounts, JobQueue jobs, ConsentGate consent) {
        this.occasions = occasions;
        this.accounts = accounts;
        this.jobs = jobs;
        this.consent = consent;
    }

    @GetMapping("/v1/me/occasions")
    @ProblemResponses({"consent-required"})
    @Operation(operationId = "listOccasions", summary = "The dates the caller wants remembered, in the order given")
    @Examples(response = SuggestionExamples.OCCASIONS)
    List<Occasion> list(Caller caller) {
        consent.require(caller.user(), Purpose.CLOUD_PROCESSING);
        return occasions.of(caller.subject());
    }

    @PutMapping("/v1/me/occasions")
    @ProblemResponses({"consent-required"})
    @Examples(request = SuggestionExamples.OCCASIONS, response = SuggestionExamples.OCCASIONS)
    @Operation(
            operationId = "replaceOccasions",
            summary = "Replace the dates the caller wants remembered (birthdays, anniversaries)",
            description = "At most " + MAX_OCCASIONS + "; 29 February is a valid day. The user's suggestions are "
                    + "built again.")
    @Transactional
    List<Occasion> replace(Caller caller, @RequestBody @Size(max = MAX_OCCASIONS) List<@Valid Occasion> occasions) {
        if (occasions.size() > MAX_OCCASIONS) {
            throw ProblemException.invalid("occasions", "At most " + MAX_OCCASIONS + " occasions.");
        }
        for (int i = 0; i < occasions.size(); i++) {
            Occasion occasion = occasions.get(i);
            try {
                MonthDay.of(occasion.month(), occasion.day());
            } catch (DateTimeException e) {
                throw ProblemException.invalid(
                        "[" + i + "].day",
                        "Day " + occasion.day() + " does not exist in month " + occasion.month() + ".");
            }
        }
        // The account lock orders this write against a withdrawal (the ledger takes the same lock): either the
        // withdrawal comes first and this is refused, or it comes after and its purge deletes what this stored.
        accounts.lock(caller.user());
        consent.require(caller.user(), Purpose.CLOUD_PROCESSING);
        this.occasions.replace(caller.subject(), occasions);
        jobs.enqueue(
                SuggestionJobs.BUILD_SUGGESTIONS,
                caller.user(),
                new JobKind.NoPayload(),
                JobOptions.defaults().withDedupeKey(caller.subject()));
        return this.occasions.of(caller.subject());
    }
}
