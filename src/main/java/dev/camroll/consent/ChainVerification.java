package dev.camroll.consent;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The result of re-computing a user's hash chain.
 *
 * @param valid whether every entry links to its predecessor and hashes to its stored hash
 * @param length number of entries
 * @param headHash the stored hash of the last entry (64 zeros for an empty chain)
 * @param firstInvalidSeq the first entry that fails, when not valid
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainVerification(
        boolean valid,
        long length,
        String headHash,
        @Nullable Long firstInvalidSeq) {}
