package dev.camroll.upload.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.camroll.api.Ids;
import dev.camroll.identity.Subject;
import dev.camroll.upload.UploadId;
import dev.camroll.upload.UploadSettings;
import dev.camroll.upload.Uploads;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link Uploads} over the uploads table: an upload lives for {@code expiry} after it was last announced, or until
 * its slot expires when it was given one.
 */
@Component
class UploadReservations implements Uploads {

    private final UploadRows rows;

    private final UploadSettings settings;

    private final UploadSlots slots;

    private final Clock clock;

    UploadReservations(UploadRows rows, UploadSettings settings, UploadSlots slots, Clock clock) {
        this.rows = rows;
        this.settings = settings;
        this.slots = slots;
        this.clock = clock;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public Reservation reserve(Announced file) {
        UploadId uploadId = UploadId.of(Ids.newId());
        Instant now = clock.instant();
        Instant expiresAt = now.plus(settings.expiry());
        rows.insert(uploadId, file, now, expiresAt);
        return new Reservation(uploadId, file.mediaId(), expiresAt);
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Reservation> share(Subject subject, String sha256) {
        Instant now = clock.instant();
        return rows.share(subject.value(), sha256, now, now.plus(settings.expiry()));
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public Slot slot(UploadId uploadId) {
        // whole seconds, as the slot carries it
        Instant expiresAt = clock.instant().plus(settings.slotValidity()).truncatedTo(ChronoUnit.SECONDS);
        rows.keepOpenUntil(uploadId, expiresAt);
        return new Slot(UploadSlots.PATH + slots.mint(uploadId, expiresAt), expiresAt);
    }

    @Override
    public long reservedBytes(Subject subject) {
        return rows.reservedBytes(subject.value(), clock.instant());
    }

    @Override
    public Map<UploadId, Progress> progressOf(Collection<UploadId> uploadIds) {
        Map<UploadId, Progress> progress = new HashMap<>();
        Instant now = clock.instant();
        for (UploadRecord upload : rows.findAll(uploadIds)) {
            progress.put(
                    upload.uploadId(),
                    new Progress(
                            upload.uploadId(),
                            upload.mediaId(),
                            upload.stateAt(now),
                            upload.offset(),
                            upload.expiresAt(),
                            upload.problemType(),
                            upload.problemDetail()));
        }
        return progress;
    }
}
