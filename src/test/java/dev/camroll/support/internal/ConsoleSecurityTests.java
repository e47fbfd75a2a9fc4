package dev.camroll.support.internal;

import java.sql.Connection;
import java.sql.Statement;

import dev.camroll.testing.Api;
import dev.camroll.testing.TestDatabase;
import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The console's security rules, apart from the API's: its own session sign-in, CSRF, headers, roles. */
class ConsoleSecurityTests extends ConsoleTest {

    MockMvc mvc;

    @BeforeEach
    void mockMvc() {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
    }

    @Test
    void withoutASessionEveryPageSendsStaffToSignIn() throws Exception {
        for (String page : new String[] {"/support", "/support/", "/support/access-log", "/support/anything"}) {
            mvc.perform(get(page)).andExpect(status().isFound()).andExpect(redirectedUrl("/support/sign-in"));
        }
        mvc.perform(get("/support/sign-in")).andExpect(status().isOk());
    }

    @Test
    void anApiBearerTokenDoesNotOpenTheConsole() throws Exception {
        String bearer = "Bearer " + token(newUser("agent"), "support", "admin");

        mvc.perform(get("/support").header("Authorization", bearer))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/support/sign-in"));
        mvc.perform(post("/support/users")
                        .header("Authorization", bearer)
                        .with(csrf())
                        .param("userId", "anyone")
                        .param("reason", REASON))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/support/sign-in"));
        // over real HTTP too, where no test shortcut could supply a CSRF token
        Api.Response look = api.request("POST", "/support/users")
                .token(token(newUser("agent"), "support"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .bytes(("userId=anyone&reason=" + REASON).getBytes())
                .send();
        assertThat(look.status()).isEqualTo(403);
        assertThat(accessLogSize("anyone")).isZero();
    }

    @Test
    void theApiStaysStatelessAndAConsoleSessionDoesNotOpenIt() {
        Api.Response apiCall =
                api.get("/v1/consent").token(token(newUser("customer"))).send();
        String session = signInOverHttp(SAM, SAM_PASSWORD);

        assertThat(apiCall.status()).isEqualTo(200);
        assertThat(apiCall.header("Set-Cookie")).as("no session for API calls").isNull();
        assertThat(session).startsWith("camroll-support=");
        assertThat(api.get("/support").header("Cookie", session).send().status())
                .as("the session works")
                .isEqualTo(200);
        // the cookie is scoped to /support; even sent to the API on purpose it is not a credential there
        Api.Response withSession =
                api.get("/v1/consent").header("Cookie", session).send();
        assertThat(withSession.status()).isEqualTo(401);
    }

    /** Signs in the way a browser does (sign-in page, its CSRF token, the form) and answers the session cookie. */
    private String signInOverHttp(String username, String password) {
        Api.Response page = api.get("/support/sign-in").send();
        String cookie = page.header("Set-Cookie").split(";")[0];
        assertThat(cookie)
                .as("before sign-in the form's CSRF token is kept in a cookie, not a session")
                .startsWith(ConsoleCsrfTokens.COOKIE + "=");
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(page.body());
        assertThat(token.find()).as("the sign-in form carries a CSRF token").isTrue();
        String form = "username=" + username + "&password=" + password + "&_csrf=" + token.group(1);
        Api.Response signedIn = api.request("POST", "/support/sign-in")
                .header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .bytes(form.getBytes())
                .send();
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.header("Location")).endsWith("/support");
        String session = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith("camroll-support="))
                .findFirst()
                .orElseThrow();
        assertThat(session)
                .as("a session, for the console only, out of scripts' reach")
                .contains("Path=/support")
                .contains("HttpOnly")
                .contains("SameSite=Lax");
        return session.split(";")[0];
    }

    @Test
    void consolePostsAreNeverReplayedSoEveryLookIsLogged() {
        String user = newUser("customer");
        give(token(user), "cloud_processing");
        String session = signInOverHttp(SAM, SAM_PASSWORD);
        Api.Response home = api.get("/support").header("Cookie", session).send();
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(home.body());
        assertThat(token.find()).isTrue();
        byte[] form =
                ("userId=" + user + "&reason=" + REASON.replace(' ', '+') + "&_csrf=" + token.group(1)).getBytes();

        Api.Response[] looks = new Api.Response[2];
        for (int i = 0; i < 2; i++) {
            looks[i] = api.request("POST", "/support/users")
                    .header("Cookie", session)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Idempotency-Key", "look-1")
                    .bytes(form)
                    .send();
        }

        for (Api.Response look : looks) {
            assertThat(look.status()).isEqualTo(200);
            assertThat(look.header("Idempotent-Replayed")).isNull();
            assertThat(look.body()).contains(user);
        }
        assertThat(accessLogSize(user)).as("two looks, two entries").isEqualTo(2);
    }

    @Test
    void aPostWithoutACsrfTokenIsRefusedAndNothingIsLogged() throws Exception {
        String user = newUser("customer");
        give(token(user), "cloud_processing");

        mvc.perform(post("/support/users")
                        .with(user(SAM).roles("support"))
                        .param("userId", user)
                        .param("reason", REASON))
                .andExpect(status().isForbidden());
        mvc.perform(post("/support/revocations")
                        .with(user(SAM).roles("support"))
                        .param("userId", user)
                        .param("purpose", "cloud_processing")
                        .param("reason", REASON))
                .andExpect(status().isForbidden());
        mvc.perform(post("/support/users")
                        .with(user(SAM).roles("support"))
                        .with(csrf().useInvalidToken())
                        .param("userId", user)
                        .param("reason", REASON))
                .andExpect(status().isForbidden());

        assertThat(accessLogSize(user)).isZero();
        assertThat(decisions(user)).isEqualTo(1);
    }

    @Test
    void whenTheLookCannotBeLoggedNothingIsShownOrChanged() throws Exception {
        String user = newUser("customer");
        give(token(user), "cloud_processing");
        try (Connection superuser = TestDatabase.get().superuser().getConnection();
                Statement s = superuser.createStatement()) {
            s.execute("""
                    CREATE FUNCTION test_refuse_console_access() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'disk full (simulated)'; END; $$""");
            s.execute("CREATE TRIGGER test_refuse_console_access BEFORE INSERT ON access_log FOR EACH ROW "
                    + "WHEN (NEW.subject = '" + user + "') EXECUTE FUNCTION test_refuse_console_access()");
        }
        try {
            for (var request : new org.springframework.test.web.servlet.RequestBuilder[] {
                post("/support/users")
                        .param("userId", user)
                        .param("reason", REASON)
                        .with(user(SAM).roles("support"))
                        .with(csrf()),
                post("/support/revocations")
                        .param("userId", user)
                        .param("purpose", "cloud_processing")
                        .param("reason", REASON)
                        .with(user(SAM).roles("support"))
                        .with(csrf())
            }) {
                String page = mvc.perform(request)
                        .andExpect(status().isServiceUnavailable())
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
                assertThat(page)
                        .contains("The access could not be recorded")
                        .doesNotContain("GIVEN")
                        .doesNotContain("Consent ledger");
            }
            assertThat(decisions(user)).as("nothing was revoked").isEqualTo(1);
        } finally {
            try (Connection superuser = TestDatabase.get().superuser().getConnection();
                    Statement s = superuser.createStatement()) {
                s.execute("DROP TRIGGER test_refuse_console_access ON access_log");
                s.execute("DROP FUNCTION test_refuse_console_access()");
            }
        }
    }

    @Test
    void pagesWithPersonalDataAreNeitherCachedNorFramedNorAllowedScripts() throws Exception {
        String user = newUser("customer");
        give(token(user), "cloud_processing");

        for (var request : new org.springframework.test.web.servlet.RequestBuilder[] {
            get("/support").with(user(ADA).roles("support", "admin")),
            post("/support/users")
                    .with(user(ADA).roles("support", "admin"))
                    .with(csrf())
                    .param("userId", user)
                    .param("reason", REASON),
            post("/support/access-log")
                    .with(user(ADA).roles("support", "admin"))
                    .with(csrf())
                    .param("userId", user)
                    .param("reason", REASON),
            get("/support/sign-in")
        }) {
            mvc.perform(request)
                    .andExpect(status().isOk())
                    .andExpect(header().string("Cache-Control", org.hamcrest.Matchers.containsString("no-store")))
                    .andExpect(header().string("X-Frame-Options", "DENY"))
                    .andExpect(header().string("Content-Security-Policy", ConsoleSecurity.CONTENT_SECURITY_POLICY))
                    .andExpect(header().string("Referrer-Policy", "no-referrer"));
        }
        assertThat(ConsoleSecurity.CONTENT_SECURITY_POLICY)
                .contains("default-src 'none'")
                .contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("script-src");
    }

    @Test
    void supportStaffCannotOpenTheAccessLogButAdminsCan() throws Exception {
        mvc.perform(get("/support/access-log").with(user(SAM).roles("support"))).andExpect(status().isForbidden());
        mvc.perform(post("/support/access-log")
                        .with(user(SAM).roles("support"))
                        .with(csrf())
                        .param("reason", REASON))
                .andExpect(status().isForbidden());
        mvc.perform(get("/support/access-log").with(user(ADA).roles("support", "admin")))
                .andExpect(status().isOk());
    }

    @Test
    void anAdminWithoutTheSupportRoleCannotLookUsersUp() throws Exception {
        String user = newUser("customer");

        mvc.perform(post("/support/users")
                        .with(user("auditor").roles("admin"))
                        .with(csrf())
                        .param("userId", user)
                        .param("reason", REASON))
                .andExpect(status().isForbidden());
        assertThat(accessLogSize(user)).isZero();
    }

    @Test
    void signInChecksTheBcryptPasswordAndStartsASessionWithTheConsoleTimeout() throws Exception {
        mvc.perform(formLogin("/support/sign-in").user(SAM).password("wrong-password"))
                .andExpect(unauthenticated())
                .andExpect(redirectedUrl("/support/sign-in?error"));

        var signedIn = mvc.perform(formLogin("/support/sign-in").user(SAM).password(SAM_PASSWORD))
                .andExpect(authenticated().withUsername(SAM).withRoles("support"))
                .andExpect(redirectedUrl("/support"))
                .andReturn();
        HttpSession session = signedIn.getRequest().getSession(false);
        assertThat(session).isNotNull();
        assertThat(session.getMaxInactiveInterval()).isEqualTo(15 * 60);
    }

    @Test
    void signOutNeedsAPostWithItsCsrfToken() throws Exception {
        mvc.perform(post("/support/sign-out").with(user(SAM).roles("support")).with(csrf()))
                .andExpect(redirectedUrl("/support/sign-in?signed-out"));
        mvc.perform(post("/support/sign-out").with(user(SAM).roles("support"))).andExpect(status().isForbidden());
    }
}
