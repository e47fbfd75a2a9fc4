package dev.camroll.client;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemExceptionTests {

    private static final String TYPES = "https://camroll.dev/problems/";

    @Test
    void eachProblemAClientHandlesDifferentlyHasItsOwnException() {
        assertThat(of("unauthorized", 401)).isInstanceOf(ProblemException.Unauthorized.class);
        assertThat(of("not-found", 404)).isInstanceOf(ProblemException.NotFound.class);
        assertThat(of("invalid-request", 400)).isInstanceOf(ProblemException.InvalidRequest.class);
        assertThat(of("purge-pending", 409)).isExactlyInstanceOf(ProblemException.class);
        assertThat(of("rate-limited", 429)).isInstanceOf(ProblemException.Unavailable.class);
        assertThat(((ProblemException.Forbidden) of("consent-required", 403)).consentRequired())
                .isTrue();
        assertThat(((ProblemException.Forbidden) of("forbidden", 403)).consentRequired())
                .isFalse();
    }

    @Test
    void membersBeyondTheStandardOnesAreReadByTheExceptionsThatNeedThem() {
        ProblemException.ConsentConflict conflict = (ProblemException.ConsentConflict) ProblemException.of(new Problem(
                TYPES + "notice-outdated", "Notice outdated", 409, null, Map.of("currentNoticeVersion", "abc")));
        ProblemException.Unavailable busy = (ProblemException.Unavailable) ProblemException.of(
                new Problem(TYPES + "service-unavailable", null, 503, null, Map.of("retryAfterSeconds", 3L)));

        assertThat(conflict.slug()).isEqualTo("notice-outdated");
        assertThat(conflict.currentNoticeVersion()).isEqualTo("abc");
        assertThat(conflict.getMessage()).isEqualTo("409 notice-outdated");
        assertThat(busy.retryAfterSeconds()).isEqualTo(3);
    }

    private static ProblemException of(String slug, int status) {
        return ProblemException.of(new Problem(TYPES + slug, slug, status, null, Map.of()));
    }
}
