package dev.camroll.media;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.camroll.api.Ids;
import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class MediaListTests extends EndToEndTest {

    @Test
    void theCallersMediaComeNewestFirstInPages() {
        String user = newUser("owner");
        String token = token(user);
        give(token, "cloud_processing");
        List<UUID> stored = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            stored.add(store(user, "IMG_" + i));
        }
        store(newUser("stranger"), "IMG_other");

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/v1/media?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
                    .token(token)
                    .send()
                    .json();
            page.path("items").forEach(item -> seen.add(item.path("mediaId").asString()));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
        } while (cursor != null);

        List<String> newestFirst =
                new ArrayList<>(stored.stream().map(UUID::toString).toList());
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
        JsonNode one = api.get("/v1/media/" + stored.get(0)).token(token).send().json();
        assertThat(one.path("clientAssetId").asString()).isEqualTo("IMG_0");
        assertThat(one.path("state").asString()).isEqualTo("stored");
        assertThat(one.path("hasPreview").asBoolean()).isFalse();
        assertThat(one.path("size").asLong()).isEqualTo(1234);
    }

    @Test
    void anotherUsersMediaIsNotFound() {
        UUID theirs = store(newUser("owner"), "IMG_1");

        Api.Response response =
                api.get("/v1/media/" + theirs).token(token(newUser("stranger"))).send();

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.problem()).isEqualTo("not-found");
    }

    private UUID store(String subject, String clientAssetId) {
        UUID mediaId = Ids.newId();
        jdbc.update(
                "INSERT INTO user_accounts (subject, user_key) VALUES (?, ?) ON CONFLICT DO NOTHING",
                subject,
                UUID.randomUUID().toString().replace("-", ""));
        jdbc.update(
                """
                INSERT INTO media (media_id, subject, device_id, client_asset_id, kind, mime_type, size, sha256, state,
                    created_at, updated_at)
                VALUES (?, ?, 'phone', ?, 'photo', 'image/jpeg', 1234, ?, 'stored', now(), now())
                """,
                mediaId,
                subject,
                clientAssetId,
                UUID.randomUUID().toString().replace("-", "").repeat(2));
        return mediaId;
    }
}
