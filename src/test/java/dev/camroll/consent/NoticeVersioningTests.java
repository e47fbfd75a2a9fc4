package dev.camroll.consent;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.camroll.CamrollApplication;
import dev.camroll.identity.internal.LocalIssuer;
import dev.camroll.testing.Api;
import dev.camroll.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** A release that ships a revised notice text: a new version, the old one still readable, old consent outdated. */
class NoticeVersioningTests {

    @Test
    void aRevisedTextIsANewVersionAndTheOldStaysReadable() {
        String user = "reader-" + System.nanoTime();
        String oldVersion;
        String eventId;
        try (ConfigurableApplicationContext release1 = start()) {
            Api api = new Api(port(release1));
            String token = token(release1, user);
            oldVersion = api.get("/v1/consent/purposes")
                    .token(token)
                    .send()
                    .json()
                    .get(0)
                    .path("noticeVersion")
                    .asString();
            eventId = api.put("/v1/consent/cloud_processing", Map.of("state", "GIVEN", "noticeVersion", oldVersion))
                    .token(token)
                    .send()
                    .json()
                    .path("eventId")
                    .asString();
        }

        try (ConfigurableApplicationContext release2 =
                start("--camroll.consent.notices-location=classpath:notices-v2/")) {
            Api api = new Api(port(release2));
            String token = token(release2, user);
            String newVersion = api.get("/v1/consent/purposes")
                    .token(token)
                    .send()
                    .json()
                    .get(0)
                    .path("noticeVersion")
                    .asString();
            assertThat(newVersion).isNotEqualTo(oldVersion);

            JsonNode state = api.get("/v1/consent")
                    .token(token)
                    .send()
                    .json()
                    .path("purposes")
                    .get(0);
            assertThat(state.path("state").asString()).isEqualTo("GIVEN");
            assertThat(state.path("noticeVersion").asString()).isEqualTo(oldVersion);
            assertThat(state.path("upToDate").asBoolean()).isFalse();

            JsonNode old = api.get("/v1/consent/notices/" + oldVersion)
                    .token(token)
                    .send()
                    .json();
            assertThat(old.path("current").asBoolean()).isFalse();
            assertThat(old.path("noticeText").asString()).doesNotContain("Revised");

            Api.Response outdated = api.put(
                            "/v1/consent/cloud_processing", Map.of("state", "GIVEN", "noticeVersion", oldVersion))
                    .token(token)
                    .send();
            assertThat(outdated.status()).isEqualTo(409);
            assertThat(outdated.json().path("currentNoticeVersion").asString()).isEqualTo(newVersion);

            Api.Response renewed = api.put(
                            "/v1/consent/cloud_processing", Map.of("state", "GIVEN", "noticeVersion", newVersion))
                    .token(token)
                    .send();
            assertThat(renewed.status()).isEqualTo(200);
            assertThat(renewed.json().path("eventId").asString())
                    .as("a new decision on the new text")
                    .isNotEqualTo(eventId);
            assertThat(api.get("/v1/consent")
                            .token(token)
                            .send()
                            .json()
                            .path("purposes")
                            .get(0)
                            .path("upToDate")
                            .asBoolean())
                    .isTrue();
        }
    }

    private static ConfigurableApplicationContext start(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--server.port=0";
        System.arraycopy(args, 0, all, 1, args.length);
        return new SpringApplicationBuilder(CamrollApplication.class)
                .initializers(new TestDatabase.Initializer())
                .run(all);
    }

    private static String token(ConfigurableApplicationContext context, String subject) {
        return context.getBean(LocalIssuer.class).issue(subject, List.of(), Duration.ofMinutes(5));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
