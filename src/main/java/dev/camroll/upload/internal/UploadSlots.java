package dev.camroll.upload.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;

import dev.camroll.upload.UploadId;
import org.springframework.stereotype.Component;

/**
 * Upload slots: the tokens of {@code /v1/upload-slots/{slot}}, capability URLs that carry their own, narrow authority
 * over one upload until they expire, for background jobs that send a file when the user's bearer token has long
 * expired (iOS PhotoKit's {@code PHAssetResourceUploadJob}). A slot is base64url without padding of
 * {@code version (1 byte) || upload id (16) || expiry (epoch seconds, 8, big-endian) || HMAC-SHA256 of the preceding
 * bytes (32)} under the key of {@link UploadSlotKeys}: unguessable, bound to its upload (it can never open another),
 * and nothing about it is stored. Revoking one is ending its upload (a withdrawal, an erasure, a cancellation).
 */
@Component
class UploadSlots {

    /** The path slots live under, with its trailing slash. */
    static final String PATH = "/v1/upload-slots/";

    private static final byte VERSION = 1;

    private static final int SIGNED = 1 + 16 + 8;

    private static final int MAC_BYTES = 32;

    /** How many characters of a slot may be shown (logs, problem documents): 48 bits, too few to use it. */
    static final int SHOWN = 8;

    /** A slot whose MAC holds: the upload it opens and when it stops opening it. */
    record Verified(UploadId uploadId, Instant expiresAt) {

        boolean isExpiredAt(Instant now) {
            return !expiresAt.isAfter(now);
        }
    }

    private final UploadSlotKeys keys;

    UploadSlots(UploadSlotKeys keys) {
        this.keys = keys;
    }

    /** The slot of {@code uploadId} valid until {@code expiresAt} (whole seconds; a fraction is dropped). */
    String mint(UploadId uploadId, Instant expiresAt) {
        ByteBuffer slot = ByteBuffer.allocate(SIGNED + MAC_BYTES);
        UUID id = uploadId.value();
        slot.put(VERSION)
                .putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits())
                .putLong(expiresAt.getEpochSecond());
        slot.put(mac(slot.array(), SIGNED));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(slot.array());
    }

    /**
     * The upload and expiry a slot names, if it is one this service minted; empty for anything else (malformed,
     * another version, any byte changed). The MAC is compared in constant time.
     */
    Optional<Verified> verify(String slot) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(slot);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length != SIGNED + MAC_BYTES || bytes[0] != VERSION) {
            return Optional.empty();
        }
        byte[] expected = mac(bytes, SIGNED);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(bytes, SIGNED, SIGNED + MAC_BYTES))) {
            return Optional.empty();
        }
        ByteBuffer fields = ByteBuffer.wrap(bytes, 1, SIGNED - 1);
        UUID id = new UUID(fields.getLong(), fields.getLong());
        return Optional.of(new Verified(UploadId.of(id), Instant.ofEpochSecond(fields.getLong())));
    }

    /** How a slot may appear anywhere but in its own request: its first characters only. */
    static String shown(String slot) {
        return slot.substring(0, Math.min(SHOWN, slot.length())) + "...";
    }

    private byte[] mac(byte[] bytes, int length) {
        try {
            Mac mac = Mac.getInstance(UploadSlotKeys.ALGORITHM);
            mac.init(keys.key());
            mac.update(bytes, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
