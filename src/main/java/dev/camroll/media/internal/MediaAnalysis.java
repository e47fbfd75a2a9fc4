package dev.camroll.media.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.jobs.Job;
import dev.camroll.jobs.JobHandler;
import dev.camroll.jobs.JobKind;
import dev.camroll.jobs.PermanentJobFailure;
import dev.camroll.media.MediaId;
import dev.camroll.media.MediaJobs;
import dev.camroll.media.MediaSettled;
import dev.camroll.media.MediaState;
import dev.camroll.storage.ObjectNotFoundException;
import dev.camroll.storage.ObjectStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code analyze-media} job: from a stored original to facts, an upright preview and thumbnail, a perceptual
 * hash and quality measures. Consent is asked first (no work for a withdrawn user); GPS is kept only while
 * {@code location_analysis} is given; the original is deleted once its preview exists unless
 * {@code original_retention} is given. A file that cannot be decoded fails for good with what could be read; a
 * store that does not answer is retried. Runs at least once: a repeat finds the media processed and at most deletes
 * the original an earlier attempt died before deleting.
 */
@Component
class MediaAnalysis implements JobHandler<MediaJobs.AnalyzeMedia> {

    private static final Logger log = LoggerFactory.getLogger(MediaAnalysis.class);

    private final MediaRows rows;

    private final ObjectStore store;

    private final StoredMediaLibrary library;

    private final ConsentGate consent;

    private final UserAccounts accounts;

    private final MetadataReader metadata = new MetadataReader();

    private final ImageDecoder decoder;

    private final HeifConverter heif;

    private final AnalysisWorkspace workspace;

    private final ImageDecoder.PictureWork<Picture> pictureWork;

    private final TransactionTemplate transaction;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    private final long metadataBudget;

    MediaAnalysis(
            MediaRows rows,
            ObjectStore store,
            StoredMediaLibrary library,
            ConsentGate consent,
            UserAccounts accounts,
            MediaAnalysisSettings settings,
            AnalysisWorkspace workspace,
            TransactionTemplate transaction,
            ApplicationEventPublisher events,
            Clock clock) {
        this.rows = rows;
        this.accounts = accounts;
        this.store = store;
        this.library = library;
        this.consent = consent;
        this.decoder = new ImageDecoder(settings);
        this.heif = new HeifConverter(settings, decoder);
        this.workspace = workspace;
        this.pictureWork = Picture.madeBy(new PreviewRenderer(settings));
        this.transaction = transaction;
        this.events = events;
        this.clock = clock;
        this.metadataBudget = settings.maxMetadataSize().toBytes();
    }

    @Override
    public JobKind<MediaJobs.AnalyzeMedia> kind() {
        return MediaJobs.ANALYZE_MEDIA;
    }

    @Override
    public void handle(Job job, MediaJobs.AnalyzeMedia payload) throws IOException {
        MediaId mediaId = MediaId.of(payload.mediaId());
        if (job.attempt() > 1) {
            deleteOriginalLeftByAnEarlierAttempt(mediaId);
        }
        Optional<MediaRows.Stored> found = rows.find(mediaId);
        if (found.isEmpty() || found.get().state() != MediaState.STORED) {
            return; // deleted meanwhile, or analysed by an earlier attempt
        }
        MediaRows.Stored media = found.get();
        if (!media.originalKept()) {
            // Only an operator's retry of a failed media gets here (docs/operations.md): its original was deleted
            // after camroll.media.failed-original-retention, and there is nothing left to analyse.
            throw new PermanentJobFailure("The original of this media was deleted after its analysis failed; it "
                    + "cannot be analysed again. The user may delete the media and upload the file again.");
        }
        // One read of the ledger for what decides how the analysis runs; the original's fate is asked again at the end.
        Set<Purpose> given = consent.given(media.subject());
        if (!given.contains(Purpose.CLOUD_PROCESSING)) {
            return; // withdrawn: the purge removes it, nothing may be learnt from it
        }
        boolean keepLocation = given.contains(Purpose.LOCATION_ANALYSIS);
        String original = library.originalKey(media.subject(), mediaId);
        if (media.isVideo()) {
            byte[] excerpt;
            try (InputStream in = open(original)) {
                // Only the boxes metadata-extractor reads, each length checked against the stored size first.
                excerpt = DeclaredLengths.video(in, media.size(), metadataBudget);
            } catch (AnalysisException e) {
                finish(media, MediaFacts.none("structure refused"), null, null, null, e);
                return;
            }
            finish(
                    media,
                    located(metadata.readVideo(new ByteArrayInputStream(excerpt)), keepLocation),
                    null,
                    null,
                    null,
                    null);
            return;
        }
        // Copies of the photo (the original from a store without local files, heif-convert's output) are made in a
        // work directory of the user's, removed when the analysis ends; what a killed process leaves there goes at the
        // next start-up or with the user's purge.
        try (AnalysisWorkspace.Work work = workspace.begin(library.userKey(media.subject()))) {
            Optional<Path> local = store.localFile(original);
            Path file = local.isPresent() ? local.get() : work.directory().resolve("original");
            if (local.isEmpty()) {
                try (InputStream in = open(original)) {
                    Files.copy(in, file);
                }
            }
            analyse(media, file, work, keepLocation);
        }
    }

    private void analyse(MediaRows.Stored media, Path file, AnalysisWorkspace.Work work, boolean keepLocation)
            throws IOException {
        byte[] excerpt;
        try {
            excerpt = DeclaredLengths.photo(file, metadataBudget);
        } catch (AnalysisException e) {
            finish(media, MediaFacts.none("structure refused"), null, null, null, e);
            return;
        }
        MediaFacts facts = located(excerpt == null ? metadata.read(file) : metadata.read(excerpt, file), keepLocation);
        Picture picture;
        try {
            picture = media.mimeType().startsWith("image/hei")
                    ? heif.decode(file, work.directory(), pictureWork)
                    : decoder.decode(file, facts.orientation(), pictureWork);
        } catch (AnalysisException e) {
            if (e.problem() == AnalysisProblem.NO_HEIC_DECODER) {
                finish(media, facts, null, null, null, e); // processed, without a preview, and says why
            } else {
                // A timeout too is final: the same file would take as long again, and a retry repeats the cost.
                finish(media, facts, null, null, null, e);
            }
            return;
        }
        put(
                library.previewKey(media.subject(), media.mediaId()),
                picture.previews().preview());
        put(
                library.thumbnailKey(media.subject(), media.mediaId()),
                picture.previews().thumbnail());
        int width = facts.width() != null ? facts.width() : picture.displayedWidth();
        int height = facts.height() != null ? facts.height() : picture.displayedHeight();
        finish(media, facts, picture.measures(), width, height, null);
    }

    /** Records the outcome in one transaction; the original goes afterwards unless the user keeps originals. */
    private void finish(
            MediaRows.Stored media,
            MediaFacts facts,
            @Nullable ImageMeasures measures,
            @Nullable Integer width,
            @Nullable Integer height,
            @Nullable AnalysisException problem) {
        boolean failed = problem != null && problem.problem() != AnalysisProblem.NO_HEIC_DECODER;
        if (problem != null) {
            // The decoder's or tool's words, paths included, are for operators: the user sees the problem's sentence.
            log.info(
                    "Media {} analysed with problem {}: {}",
                    media.mediaId(),
                    problem.problem().slug(),
                    problem.getMessage());
        }
        boolean hasPreview = measures != null;
        Subject subject = media.subject();
        Boolean updated = transaction.execute(tx -> {
            // The user's lock before the media row, in the order an upload's hand-over takes them (it inserts media
            // under that lock, and the batch settlement below needs it): the other order deadlocked with a hand-over
            // of the same content.
            accounts.lock(subject);
            if (!consent.isGiven(subject, Purpose.CLOUD_PROCESSING)) {
                return false; // withdrawn while it was analysed: nothing learnt is kept, the purge takes the rest
            }
            // Asked again under the lock a withdrawal takes: a position read before location_analysis was withdrawn
            // must not be stored after the withdrawal erased the user's positions.
            MediaFacts recorded = facts.location() != null && !consent.isGiven(subject, Purpose.LOCATION_ANALYSIS)
                    ? facts.withoutLocation()
                    : facts;
            boolean settled = rows.settle(
                    media.mediaId(),
                    new MediaRows.Analysed(
                            failed ? MediaState.FAILED : MediaState.PROCESSED,
                            problem == null ? null : problem.problem(),
                            recorded,
                            width != null ? width : recorded.width(),
                            height != null ? height : recorded.height(),
                            hasPreview,
                            measures),
                    clock.instant());
            if (settled) {
                events.publishEvent(new MediaSettled(media.subject(), media.mediaId()));
            }
            return settled;
        });
        if (Boolean.TRUE.equals(updated) && hasPreview && !consent.isGiven(subject, Purpose.ORIGINAL_RETENTION)) {
            library.deleteOriginal(media.subject(), media.mediaId());
        } else if (!Boolean.TRUE.equals(updated)
                && hasPreview
                && (rows.find(media.mediaId()).isEmpty() || !consent.isGiven(subject, Purpose.CLOUD_PROCESSING))) {
            // Deleted or withdrawn while it was analysed: the deletion or purge may have run before the previews were
            // written.
            library.deleteDerivatives(media.subject(), media.mediaId());
        }
    }

    /**
     * An earlier attempt that died after its analysis committed but before the original was deleted (a crash, a
     * lost connection) left a processed media with its original; the repeat deletes it now, as the earlier attempt
     * would have. Idempotent: a media without a preview, or whose user keeps originals, keeps its original.
     */
    private void deleteOriginalLeftByAnEarlierAttempt(MediaId mediaId) {
        rows.processedWithOriginal(mediaId)
                .filter(subject -> !consent.isGiven(subject, Purpose.ORIGINAL_RETENTION))
                .ifPresent(subject -> library.deleteOriginal(subject, mediaId));
    }

    /** Coordinates are kept only while the user allows location analysis. */
    private static MediaFacts located(MediaFacts facts, boolean keepLocation) {
        return keepLocation ? facts : facts.withoutLocation();
    }

    private InputStream open(String original) {
        try {
            return store.get(original);
        } catch (ObjectNotFoundException gone) {
            throw new PermanentJobFailure("The original of this media is gone.", gone);
        }
    }

    private void put(String key, byte[] bytes) {
        store.put(key, new ByteArrayInputStream(bytes), bytes.length);
    }
}
