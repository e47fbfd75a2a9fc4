package dev.camroll.support.internal;

import java.util.Optional;

import dev.camroll.api.internal.ProblemMapping;
import dev.camroll.consent.AccessLog;
import dev.camroll.consent.ConsentService;
import dev.camroll.identity.UserAccounts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.JwtRequestPostProcessor;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The support API's refusals in a web slice, with the API's real security and problem mapping: a call without a
 * reason, with a malformed id, body or page, or by the wrong role, is refused before anything is logged or read; a
 * look that cannot be logged returns nothing. The modules it reads from are stand-ins here; the flows run end to end
 * in {@link SupportApiTests}.
 */
@WebMvcTest(
        useDefaultFilters = false,
        includeFilters =
                @ComponentScan.Filter(
                        type = FilterType.REGEX,
                        pattern = {
                            "dev\\.camroll\\.identity\\.(internal\\.)?SecurityConfiguration",
                            "dev\\.camroll\\.consent\\.(internal\\.)?PurposeConverter"
                        }))
@Import({
    SupportController.class,
    AccessReasons.class,
    StaffAccesses.class,
    ProblemMapping.class,
    SupportControllerTests.NoBearerTokens.class
})
class SupportControllerTests {

    private static final String REASON = "TICKET-4711 uploads stopped";

    private static final String CONSENT = "/v1/support/users/customer-1/consent";

    private static final String REVOKE = "/v1/support/users/customer-1/consent/cloud_processing/revoke";

    /** Requests carry a ready-made token ({@code jwt()}); any other bearer token is refused. */
    @TestConfiguration(proxyBeanMethods = false)
    static class NoBearerTokens {

        @Bean
        JwtDecoder refusingDecoder() {
            return token -> {
                throw new BadJwtException("this slice decodes no tokens");
            };
        }
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    AccessLog accessLog;

    @MockitoBean
    ConsentService consent;

    @MockitoBean
    UserAccounts accounts;

    private static JwtRequestPostProcessor staff(String... roles) {
        JwtRequestPostProcessor token = jwt().jwt(j -> j.subject("agent-1"));
        SimpleGrantedAuthority[] authorities = new SimpleGrantedAuthority[roles.length];
        for (int i = 0; i < roles.length; i++) {
            authorities[i] = new SimpleGrantedAuthority("ROLE_" + roles[i]);
        }
        return token.authorities(authorities);
    }

    private static MockHttpServletRequestBuilder revoke(String body) {
        return post(REVOKE).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    @Test
    void withoutAReasonOfTenCharactersNothingIsLoggedOrRead() throws Exception {
        mvc.perform(get(CONSENT).with(staff("user", "support")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/access-reason-required"));
        mvc.perform(get(CONSENT).header("X-Access-Reason", "because").with(staff("user", "support")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/access-reason-required"));
        mvc.perform(revoke("{\"reason\":\"user asked by phone\"}").with(staff("user", "support")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/access-reason-required"));
        mvc.perform(get("/v1/support/access-log").with(staff("user", "admin")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/access-reason-required"));

        verifyNoInteractions(accessLog, consent, accounts);
    }

    @Test
    void aRevokeWithoutItsOwnReasonInTheBodyIsAnInvalidRequestNamingTheField() throws Exception {
        mvc.perform(revoke("{}").header("X-Access-Reason", REASON).with(staff("user", "support")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/invalid-request"))
                .andExpect(jsonPath("$.field").value("reason"));
        mvc.perform(revoke("{\"reason\":\"short\"}")
                        .header("X-Access-Reason", REASON)
                        .with(staff("user", "support")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("reason"));

        verifyNoInteractions(accessLog, consent);
    }

    @Test
    void anOverlongUserIdOrAnOutOfRangePageIsAnInvalidRequestNamingIt() throws Exception {
        mvc.perform(get("/v1/support/users/" + "u".repeat(129) + "/consent")
                        .header("X-Access-Reason", REASON)
                        .with(staff("user", "support")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/invalid-request"))
                .andExpect(jsonPath("$.field").value("userId"));
        mvc.perform(get("/v1/support/access-log")
                        .param("limit", "0")
                        .header("X-Access-Reason", REASON)
                        .with(staff("user", "admin")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("limit"));
        mvc.perform(get("/v1/support/access-log")
                        .param("userId", "u".repeat(129))
                        .header("X-Access-Reason", REASON)
                        .with(staff("user", "admin")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("userId"));

        verifyNoInteractions(accessLog, consent);
    }

    @Test
    void onlyStaffMayLookAndOnlyAdminsReadTheAccessLog() throws Exception {
        mvc.perform(get(CONSENT).header("X-Access-Reason", REASON))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/unauthorized"));
        mvc.perform(get(CONSENT).header("X-Access-Reason", REASON).with(staff("user")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/forbidden"));
        mvc.perform(get("/v1/support/access-log")
                        .header("X-Access-Reason", REASON)
                        .with(staff("user", "support")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/forbidden"));

        verifyNoInteractions(accessLog, consent, accounts);
    }

    @Test
    void aLookThatCannotBeLoggedReturnsNothing() throws Exception {
        doThrow(new IllegalStateException("the database is gone"))
                .when(accessLog)
                .record(any(), any(), any(), any());

        mvc.perform(get(CONSENT).header("X-Access-Reason", REASON).with(staff("user", "support")))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/access-log-unavailable"));

        verifyNoInteractions(consent, accounts);
    }

    @Test
    void anUnknownUserIsNotFoundAfterTheLookIsLogged() throws Exception {
        when(accounts.find(any())).thenReturn(Optional.empty());

        mvc.perform(get(CONSENT).header("X-Access-Reason", REASON).with(staff("user", "support")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/not-found"));

        verify(accessLog).record(any(), any(), any(), any());
        verifyNoInteractions(consent);
    }
}
