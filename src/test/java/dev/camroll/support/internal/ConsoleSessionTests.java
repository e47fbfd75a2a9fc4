package dev.camroll.support.internal;

import java.util.Map;

import org.apache.catalina.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Anonymous clients make the console keep no session: only a sign-in starts one. */
class ConsoleSessionTests extends ConsoleTest {

    private static final String FLOODER = "127.0.0.6";

    @Autowired
    ServletWebServerApplicationContext server;

    @AfterEach
    void forgetTheAttempts() {
        jdbc.update(
                "DELETE FROM console_sign_in_attempts WHERE throttle_key = ? OR throttle_key LIKE ?",
                "address:" + FLOODER,
                "pair:%@" + FLOODER);
    }

    @Test
    void aThousandAnonymousRequestsLeaveNoSessionBehind() {
        ClientAt flooder = new ClientAt(FLOODER, port);
        ClientAt.Answer signInPage = flooder.get("/support/sign-in", null);
        String csrfCookie = signInPage.cookie(ConsoleCsrfTokens.COOKIE);
        String csrfToken = signInPage.csrfToken();
        int before = activeSessions();
        int sessionCookies = 0;
        int[] statuses = new int[600];

        for (int i = 0; i < 1000; i++) {
            ClientAt.Answer answer = switch (i % 6) {
                case 0 -> flooder.get("/support", null);
                case 1 -> flooder.get("/support/sign-in", null);
                case 2 ->
                    flooder.post(
                            "/support/sign-in",
                            csrfCookie,
                            Map.of("username", "nobody-" + i, "password", "guess", "_csrf", csrfToken),
                            Map.of());
                case 3 ->
                    flooder.post(
                            "/support/users",
                            csrfCookie,
                            Map.of("userId", "someone", "reason", REASON, "_csrf", csrfToken),
                            Map.of());
                case 4 ->
                    flooder.post("/support/sign-in", null, Map.of("username", SAM, "password", "guess"), Map.of());
                default -> flooder.get("/support/sign-in?error", null);
            };
            statuses[answer.status()]++;
            if (answer.cookie("camroll-support") != null) {
                sessionCookies++;
            }
        }

        assertThat(statuses[302]).as("sent to sign in, or back to the form").isPositive();
        assertThat(statuses[200]).as("the sign-in page").isPositive();
        assertThat(statuses[429]).as("guessing went on past the throttle").isPositive();
        assertThat(statuses[403]).as("a sign-in without a CSRF token").isPositive();
        assertThat(statuses[500]).isZero();
        assertThat(sessionCookies).isZero();
        assertThat(activeSessions()).as("sessions before: %d", before).isLessThanOrEqualTo(before);
    }

    @Test
    void aSignInStartsTheOnlySessionAndDropsTheSignInFormsCsrfCookie() {
        ClientAt staffDesk = new ClientAt(FLOODER, port);
        int before = activeSessions();

        ClientAt.Answer signedIn = staffDesk.signIn(SAM, SAM_PASSWORD, Map.of());

        assertThat(signedIn.cookie("camroll-support")).isNotNull();
        assertThat(signedIn.cookies())
                .anySatisfy(cookie -> assertThat(cookie)
                        .startsWith(ConsoleCsrfTokens.COOKIE + "=;")
                        .containsAnyOf("Max-Age=0", "Expires=Thu, 01 Jan 1970"));
        assertThat(activeSessions()).isEqualTo(before + 1);
        // from now on the token is the session's: a look-up works with the session's token alone
        ClientAt.Answer home = staffDesk.get("/support", signedIn.cookie("camroll-support"));
        ClientAt.Answer lookUp = staffDesk.post(
                "/support/users",
                signedIn.cookie("camroll-support"),
                Map.of("userId", newUser("customer"), "reason", REASON, "_csrf", home.csrfToken()),
                Map.of());
        assertThat(home.cookie(ConsoleCsrfTokens.COOKIE)).isNull();
        assertThat(lookUp.status())
                .as("an unknown user: the form again, after the look was logged")
                .isEqualTo(404);
    }

    private int activeSessions() {
        TomcatWebServer tomcat = (TomcatWebServer) server.getWebServer();
        return ((Context) tomcat.getTomcat().getHost().findChildren()[0])
                .getManager()
                .getActiveSessions();
    }
}
