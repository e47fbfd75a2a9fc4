package dev.camroll.support.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.test.web.support.WebTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.context.WebApplicationContext;

/**
 * The service with console staff accounts: {@code ada} (support and admin) and {@code sam} (support only). One
 * context for every console test class. The hashes use bcrypt's lowest cost to keep sign-ins fast.
 */
abstract class ConsoleTest extends EndToEndTest {

    static final String ADA = "ada";

    static final String ADA_PASSWORD = "ada-correct-horse";

    static final String SAM = "sam";

    static final String SAM_PASSWORD = "sam-battery-staple";

    static final String REASON = "TICKET-4711 uploads stopped";

    private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder(4);

    @DynamicPropertySource
    static void staffAccounts(DynamicPropertyRegistry registry) {
        registry.add("camroll.support.staff[0].username", () -> ADA);
        registry.add("camroll.support.staff[0].password", () -> "{bcrypt}" + BCRYPT.encode(ADA_PASSWORD));
        registry.add("camroll.support.staff[0].roles", () -> "support,admin");
        registry.add("camroll.support.staff[1].username", () -> SAM);
        registry.add("camroll.support.staff[1].password", () -> "{bcrypt}" + BCRYPT.encode(SAM_PASSWORD));
        registry.add("camroll.support.staff[1].roles", () -> "support");
    }

    @Autowired
    WebApplicationContext context;

    /**
     * MockMvc's {@code csrf()} swaps the console's CSRF token store, in the context every console test shares, for a
     * session-based one of its own; put the console's back, so real clients meet what production has.
     */
    @BeforeEach
    void restoreTheConsolesCsrfTokens() {
        MockHttpServletRequest request =
                new MockHttpServletRequest(context.getServletContext(), "POST", "/support/users");
        WebTestUtils.setCsrfTokenRepository(request, new ConsoleCsrfTokens());
    }

    int accessLogSize(String subject) {
        return jdbc.queryForObject("SELECT count(*) FROM access_log WHERE subject = ?", Integer.class, subject);
    }

    /** Registers a device through the API, as the app does. */
    Api.Response registerDevice(String user, String deviceId, String platform, String appVersion, String access) {
        return api.put(
                        "/v1/devices/" + deviceId,
                        Map.of(
                                "platform",
                                platform,
                                "appVersion",
                                appVersion,
                                "model",
                                "Pixel 9",
                                "osVersion",
                                "16",
                                "photoLibraryAccess",
                                access))
                .token(token(user))
                .send();
    }

    /** A media row in the given state; the console only counts them, so no file is needed. */
    void mediaInState(String user, String state) {
        Timestamp now = Timestamp.from(Instant.now());
        String sha256 = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        jdbc.update("""
                INSERT INTO media (media_id, subject, kind, mime_type, size, sha256, state, created_at, updated_at)
                VALUES (?, ?, 'photo', 'image/jpeg', 1024, ?, ?, ?, ?)""", UUID.randomUUID(), user, sha256, state, now, now);
    }
}
