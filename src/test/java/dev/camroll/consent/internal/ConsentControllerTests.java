package dev.camroll.consent.internal;

import java.time.Duration;

import dev.camroll.api.ProblemException;
import dev.camroll.consent.AccessLog;
import dev.camroll.consent.ConsentProblem;
import dev.camroll.consent.ConsentService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.hamcrest.Matchers.endsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The consent API's request validation and problem mapping, without a database: the controller, the purpose
 * converter, the API's problem handler and the bearer-token security, with the consent rules stubbed.
 */
@WebMvcTest(
        useDefaultFilters = false,
        includeFilters =
                @ComponentScan.Filter(
                        type = FilterType.REGEX,
                        pattern = {
                            "dev\\.camroll\\.consent\\.internal\\.(ConsentController|PurposeConverter)",
                            "dev\\.camroll\\.api\\.(internal\\.)?ProblemHandler",
                            "dev\\.camroll\\.identity\\.(internal\\.)?SecurityConfiguration"
                        }))
class ConsentControllerTests {

    static final String NOTICE = "a".repeat(64);

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ConsentService consent;

    @MockitoBean
    Notices notices;

    @MockitoBean
    AccessLog accessLog;

    @MockitoBean
    ReceiptSigner receipts;

    @MockitoBean
    JwtDecoder tokens;

    @Test
    void anUnknownPurposeIsNotFoundWhateverTheBodySays() throws Exception {
        mvc.perform(decide("/v1/consent/everything", "{\"state\":\"MAYBE\"}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type", endsWith("/not-found")));
        verifyNoInteractions(consent);
    }

    @Test
    void aDecisionWithoutAStateOrWithAMalformedNoticeVersionIsAnInvalidRequest() throws Exception {
        mvc.perform(decide("/v1/consent/cloud_processing", "{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type", endsWith("/invalid-request")));
        mvc.perform(decide("/v1/consent/cloud_processing", "{\"state\":\"GIVEN\",\"noticeVersion\":\"v1\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type", endsWith("/invalid-request")));
        verifyNoInteractions(consent);
    }

    @Test
    void anOutdatedNoticeIsAConflictNamingTheCurrentOne() throws Exception {
        given(consent.decide(any(), any(), any(), eq(NOTICE), any()))
                .willThrow(new ProblemException(ConsentProblem.NOTICE_OUTDATED, "Show the current text.")
                        .with("currentNoticeVersion", "b".repeat(64)));

        mvc.perform(decide(
                        "/v1/consent/cloud_processing", "{\"state\":\"GIVEN\",\"noticeVersion\":\"" + NOTICE + "\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type", endsWith("/notice-outdated")))
                .andExpect(jsonPath("$.currentNoticeVersion").value("b".repeat(64)));
    }

    @Test
    void aPendingPurgeIsAConflictWithRetryAfterInWholeSeconds() throws Exception {
        given(consent.decide(any(), any(), any(), any(), any()))
                .willThrow(new ProblemException(ConsentProblem.PURGE_PENDING, "Still deleting.")
                        .retryAfter(Duration.ofMillis(4_500)));

        mvc.perform(decide(
                        "/v1/consent/cloud_processing", "{\"state\":\"GIVEN\",\"noticeVersion\":\"" + NOTICE + "\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type", endsWith("/purge-pending")))
                .andExpect(header().string("Retry-After", "5"));
    }

    @Test
    void aHistoryPageOfNoEntriesIsAnInvalidRequestAndNoTokenIsUnauthorized() throws Exception {
        mvc.perform(get("/v1/consent/history?limit=0").with(jwt().jwt(token -> token.subject("alice"))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type", endsWith("/invalid-request")));
        mvc.perform(get("/v1/consent/history"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type", endsWith("/unauthorized")));
        verifyNoInteractions(consent);
    }

    private static MockHttpServletRequestBuilder decide(String path, String body) {
        return put(path)
                .with(jwt().jwt(token -> token.subject("alice")))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body);
    }
}
