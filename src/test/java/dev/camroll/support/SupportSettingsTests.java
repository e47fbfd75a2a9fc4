package dev.camroll.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.camroll.CamrollApplication;
import dev.camroll.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@code camroll.support.*} is read, and which staff accounts stop the start. */
class SupportSettingsTests {

    static final String HASH = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("a-good-password");

    @Test
    void nothingConfiguredMeansNoStaffAndAFifteenMinuteSession() {
        SupportSettings settings = bind(Map.of());

        assertThat(settings.staff()).isEmpty();
        assertThat(settings.sessionTimeout()).hasMinutes(15);
        assertThat(settings.signIn()).isEqualTo(new SupportSettings.SignIn(java.time.Duration.ofMinutes(15), 5, 50));
    }

    @Test
    void theSignInThrottleIsReadAndNonsenseStopsTheStart() {
        SupportSettings settings = bind(Map.of(
                "camroll.support.sign-in.window",
                "1h",
                "camroll.support.sign-in.max-failures-per-username-and-address",
                "3",
                "camroll.support.sign-in.max-failures-per-address",
                "20"));

        assertThat(settings.signIn()).isEqualTo(new SupportSettings.SignIn(java.time.Duration.ofHours(1), 3, 20));
        assertThatThrownBy(() -> bind(Map.of("camroll.support.sign-in.window", "10s")))
                .rootCause()
                .hasMessageContaining("camroll.support.sign-in.window must be 1m to 1d");
        assertThatThrownBy(() -> bind(Map.of("camroll.support.sign-in.max-failures-per-username-and-address", "0")))
                .rootCause()
                .hasMessageContaining("max-failures-per-username-and-address must be 1 to 1000");
        assertThatThrownBy(() -> bind(Map.of(
                        "camroll.support.sign-in.max-failures-per-username-and-address",
                        "10",
                        "camroll.support.sign-in.max-failures-per-address",
                        "5")))
                .rootCause()
                .hasMessageContaining("max-failures-per-address must be max-failures-per-username-and-address");
    }

    @Test
    void aStaffAccountIsReadWithItsBcryptHashAndRoles() {
        SupportSettings settings = bind(Map.of(
                "camroll.support.staff[0].username",
                "ada",
                "camroll.support.staff[0].password",
                HASH,
                "camroll.support.staff[0].roles",
                "support,admin",
                "camroll.support.session-timeout",
                "5m"));

        assertThat(settings.staff())
                .containsExactly(new SupportSettings.StaffAccount("ada", HASH, List.of("support", "admin")));
        assertThat(settings.sessionTimeout()).hasMinutes(5);
    }

    @Test
    void aHashMadeWithHtpasswdAsTheOperationsGuideSaysIsAcceptedAndMatches() {
        // htpasswd -nbBC 4 '' 'console-password' | tr -d ':\n'   (the guide uses cost 12 and a prompt)
        String htpasswd = "{bcrypt}$2y$04$5OB9904jQZ/nkd7cp3HUo.i29FhNuQWQerY/6n6XnXpCP9LCV30Ua";

        assertThat(bind(account("ada", htpasswd, "support")).staff()).hasSize(1);
        assertThat(PasswordEncoderFactories.createDelegatingPasswordEncoder().matches("console-password", htpasswd))
                .isTrue();
    }

    @Test
    void plainAndNoopPasswordsAreRefusedWithoutRepeatingThem() {
        for (String password : new String[] {
            "hunter2-hunter2", "{noop}hunter2-hunter2", "{sha256}abcdef", "{bcrypt}", "$2a$04$" + "a".repeat(53)
        }) {
            assertThatThrownBy(() -> bind(account("ada", password, "support")))
                    .isInstanceOf(BindException.class)
                    .rootCause()
                    .hasMessageContaining("camroll.support.staff[0].password of 'ada' must be a {bcrypt} hash")
                    .hasMessageContaining("plain and {noop} passwords are refused")
                    .hasMessageNotContaining("hunter2");
        }
    }

    @Test
    void rolesMustBeSupportOrAdminAndUsernamesUnique() {
        assertThatThrownBy(() -> bind(account("ada", HASH, "root")))
                .rootCause()
                .hasMessageContaining("must be support and/or admin");
        assertThatThrownBy(() -> bind(account("ada", HASH, "")))
                .rootCause()
                .hasMessageContaining("must be support and/or admin");
        Map<String, String> twice = new HashMap<>(account("ada", HASH, "support"));
        twice.putAll(Map.of(
                "camroll.support.staff[1].username",
                "ada",
                "camroll.support.staff[1].password",
                HASH,
                "camroll.support.staff[1].roles",
                "admin"));
        assertThatThrownBy(() -> bind(twice)).rootCause().hasMessageContaining("'ada' is used twice");
    }

    @Test
    void theServiceDoesNotStartWithANoopStaffPassword() {
        Map<String, Object> properties = TestDatabase.serviceProperties();
        properties.put("camroll.support.staff[0].username", "ada");
        properties.put("camroll.support.staff[0].password", "{noop}secret-secret");
        properties.put("camroll.support.staff[0].roles", "support");
        properties.put("server.port", "0");
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);

        assertThatThrownBy(() -> new SpringApplicationBuilder(CamrollApplication.class)
                        .run(args)
                        .close())
                .hasStackTraceContaining("camroll.support.staff[0].password of 'ada' must be a {bcrypt} hash")
                .hasStackTraceContaining("htpasswd");
    }

    private static Map<String, String> account(String username, String password, String roles) {
        return Map.of(
                "camroll.support.staff[0].username",
                username,
                "camroll.support.staff[0].password",
                password,
                "camroll.support.staff[0].roles",
                roles);
    }

    private static SupportSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("camroll.support", SupportSettings.class);
    }
}
