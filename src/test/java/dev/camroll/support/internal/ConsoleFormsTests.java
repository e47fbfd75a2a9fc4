package dev.camroll.support.internal;

import dev.camroll.consent.AccessLog;
import dev.camroll.consent.ConsentService;
import dev.camroll.identity.UserAccounts;
import dev.camroll.support.SupportSettings;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

/**
 * The console's forms in a web slice, with the console's real security and pages: a look-up, revoke or access-log
 * search without a reason shows its form again with the reason asked for, and nothing is logged or read. The modules
 * the pages read from are stand-ins here, and sign-in is not exercised (the throttle needs the database); the console
 * runs end to end in {@link ConsoleSecurityTests} and {@link SupportConsoleBrowserTests}.
 */
@WebMvcTest(useDefaultFilters = false)
@EnableConfigurationProperties(SupportSettings.class)
@Import({
    ConsoleSecurity.class,
    ClientAddresses.class,
    ConsolePages.class,
    ConsoleSignInController.class,
    UserLookUpController.class,
    RevocationController.class,
    AccessLogPageController.class,
    StaffAccesses.class
})
class ConsoleFormsTests {

    private static final String REASON = "TICKET-4711 uploads stopped";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ConsoleSignInThrottle throttle;

    @MockitoBean
    AccessLog accessLog;

    @MockitoBean
    UserAccounts accounts;

    @MockitoBean
    ConsentService consent;

    @MockitoBean
    UserOverviews overviews;

    @Test
    void aLookUpWithoutAReasonShowsTheFormAgainAndNothingIsLoggedOrRead() throws Exception {
        mvc.perform(post("/support/users")
                        .param("userId", "customer-1")
                        .param("reason", "because")
                        .with(user("sam").roles("support"))
                        .with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(view().name("support/look-up"))
                .andExpect(model().attributeExists("errors"))
                .andExpect(content().string(containsString("Say why you look")));

        verifyNoInteractions(accessLog, accounts, overviews);
    }

    @Test
    void aLookUpWithoutAUserIdNamesTheMissingField() throws Exception {
        mvc.perform(post("/support/users")
                        .param("reason", REASON)
                        .with(user("sam").roles("support"))
                        .with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("Enter the user&#39;s id")));

        verifyNoInteractions(accessLog, accounts, overviews);
    }

    @Test
    void aRevokeWithoutAReasonOrAValidPurposeIsNotMade() throws Exception {
        mvc.perform(post("/support/revocations")
                        .param("userId", "customer-1")
                        .param("purpose", "cloud_processing")
                        .with(user("sam").roles("support"))
                        .with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(view().name("support/confirm-revoke"))
                .andExpect(content().string(containsString("Say why you withdraw")));
        mvc.perform(post("/support/revocations")
                        .param("userId", "customer-1")
                        .param("purpose", "no_such_purpose")
                        .param("reason", REASON)
                        .with(user("sam").roles("support"))
                        .with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("names no valid user and purpose")));

        verifyNoInteractions(accessLog, accounts, consent);
    }

    @Test
    void anAccessLogSearchWithoutAReasonIsNotMade() throws Exception {
        mvc.perform(post("/support/access-log")
                        .param("userId", "customer-1")
                        .with(user("ada").roles("support", "admin"))
                        .with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(view().name("support/access-log"))
                .andExpect(content().string(containsString("Say why you read the access log")));

        verifyNoInteractions(accessLog);
    }

    @Test
    void aFormWithoutItsCsrfTokenOrByTheWrongRoleIsForbidden() throws Exception {
        mvc.perform(post("/support/users")
                        .param("userId", "customer-1")
                        .param("reason", REASON)
                        .with(user("sam").roles("support")))
                .andExpect(status().isForbidden())
                .andExpect(forwardedUrl("/support/forbidden"));
        mvc.perform(post("/support/access-log")
                        .param("reason", REASON)
                        .with(user("sam").roles("support"))
                        .with(csrf()))
                .andExpect(status().isForbidden())
                .andExpect(forwardedUrl("/support/forbidden"));

        verifyNoInteractions(accessLog, accounts);
    }

    @Test
    void withoutASignInTheConsoleSendsStaffToTheSignInPage() throws Exception {
        mvc.perform(get("/support")).andExpect(status().isFound()).andExpect(redirectedUrl("/support/sign-in"));
    }
}
