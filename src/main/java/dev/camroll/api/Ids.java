package dev.camroll.api;

import java.util.UUID;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/** Ids of everything the API names: UUIDv7 (RFC 9562), so they sort by creation time. */
public final class Ids {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private Ids() {}

    public static UUID newId() {
        return GENERATOR.generate();
    }

    /** Parses an id from a path; anything that is not a UUID names nothing, so it is {@code 404}. */
    public static UUID parse(String id, String what) {
        try {
            if (id.length() == 36) {
                return UUID.fromString(id);
            }
        } catch (IllegalArgumentException notAnId) {
            // fall through
        }
        throw ProblemException.notFound("No " + what + " with id '" + abbreviate(id) + "'.");
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
