package dev.camroll.suggestions;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import dev.camroll.media.MediaSamples;
import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.TusUploads;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Suggestions end to end: photos with chosen capture times uploaded and analysed on the queue, the build after the
 * batch settles, the list with its ETag, the changes feed, feedback, and a suggestion that keeps its id as its
 * moment grows.
 */
class SuggestionApiTests extends EndToEndTest {

    String token;

    int seed;

    @BeforeEach
    void readyToSync() {
        token = token(newUser("traveller"));
        give(token, "cloud_processing");
        api.put("/v1/devices/phone", TusUploads.PHONE).token(token).send();
    }

    @Test
    void momentsBecomeCollagesThatKeepTheirIdsAndADismissedOneNeverComesBack() throws Exception {
        // Saturday afternoon: 5 shots; the evening, after a pause of more than 3 hours: 4; Sunday: 3 (too few for a
        // collage). 12 shots over 3 moments in June: a recap.
        List<byte[]> photos = new ArrayList<>();
        photos.addAll(shots("2025:06:14 15:0", 5));
        photos.addAll(shots("2025:06:14 20:0", 4));
        photos.addAll(shots("2025:06:15 09:0", 3));
        new TusUploads(api, token).uploadBatch(photos);

        List<JsonNode> suggestions = awaitSuggestions(3);
        JsonNode afternoon = find(suggestions, "Saturday afternoon · 14 June 2025");
        JsonNode evening = find(suggestions, "Saturday evening · 14 June 2025");
        JsonNode recap = find(suggestions, "Your June 2025");
        assertThat(recap.path("kind").asString()).isEqualTo("RECAP");
        assertThat(recap.path("mediaIds")).hasSize(12);
        assertThat(recap.path("subtitle").asString()).isEqualTo("12 photos from 3 moments");
        assertThat(afternoon.path("kind").asString()).isEqualTo("COLLAGE");
        assertThat(afternoon.path("mediaIds")).hasSize(5);
        assertThat(afternoon.path("state").asString()).isEqualTo("NEW");
        assertThat(afternoon.path("subtitle").asString()).isEqualTo("5 photos");
        assertThat(evening.path("mediaIds")).hasSize(4);

        byte[] image = api.get(
                        "/v1/suggestions/" + afternoon.path("suggestionId").asString() + "/image")
                .token(token)
                .sendForBytes();
        assertThat(ImageIO.read(new ByteArrayInputStream(image)).getWidth()).isEqualTo(2048);
        assertThat(api.get(recap.path("imageUrl").asString()).token(token).sendForBytes())
                .startsWith(0xff, 0xd8);

        Api.Response listed = api.get("/v1/suggestions").token(token).send();
        String etag = listed.header("ETag");
        assertThat(api.get("/v1/suggestions")
                        .token(token)
                        .header("If-None-Match", etag)
                        .send()
                        .status())
                .isEqualTo(304);
        JsonNode everything =
                api.get("/v1/suggestions/changes").token(token).send().json();
        assertThat(dated(everything.path("upserted").valueStream().toList())).hasSize(3);
        String token1 = everything.path("nextToken").asString();
        assertThat(api.get("/v1/suggestions/changes?since=" + token1)
                        .token(token)
                        .send()
                        .json()
                        .path("upserted"))
                .isEmpty();

        String eveningId = evening.path("suggestionId").asString();
        Api.Response dismissed = api.post("/v1/suggestions/" + eveningId + "/feedback", Map.of("action", "dismissed"))
                .token(token)
                .send();
        assertThat(dismissed.json().path("state").asString())
                .as(dismissed.body())
                .isEqualTo("DISMISSED");
        assertThat(api.get("/v1/suggestions")
                        .token(token)
                        .header("If-None-Match", etag)
                        .send()
                        .status())
                .as("the list changed")
                .isEqualTo(200);
        assertThat(api.post("/v1/suggestions/" + eveningId + "/feedback", Map.of("action", "saved"))
                        .token(token)
                        .send()
                        .problem())
                .isEqualTo("suggestion-dismissed");

        // One more shot joins the afternoon, another the evening: the afternoon's collage grows under its id.
        List<byte[]> more = new ArrayList<>(shots("2025:06:14 15:3", 1));
        more.addAll(shots("2025:06:14 20:3", 1));
        new TusUploads(api, token).uploadBatch(more);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/v1/suggestions/"
                                        + afternoon.path("suggestionId").asString())
                                .token(token)
                                .send()
                                .json()
                                .path("mediaIds")
                                .size()
                        == 6);
        JsonNode grown = api.get(
                        "/v1/suggestions/" + afternoon.path("suggestionId").asString())
                .token(token)
                .send()
                .json();
        assertThat(grown.path("updatedAt").asString())
                .isNotEqualTo(afternoon.path("updatedAt").asString());
        assertThat(grown.path("createdAt").asString())
                .isEqualTo(afternoon.path("createdAt").asString());
        assertThat(grown.path("subtitle").asString()).isEqualTo("6 photos");

        List<JsonNode> shown =
                dated(items(api.get("/v1/suggestions").token(token).send().json()));
        assertThat(shown)
                .extracting(s -> s.path("suggestionId").asString())
                .containsExactlyInAnyOrder(
                        afternoon.path("suggestionId").asString(),
                        recap.path("suggestionId").asString());
        JsonNode stillDismissed =
                api.get("/v1/suggestions/" + eveningId).token(token).send().json();
        assertThat(stillDismissed.path("state").asString()).isEqualTo("DISMISSED");
        assertThat(stillDismissed.path("mediaIds"))
                .as("a dismissed suggestion is left alone")
                .hasSize(4);
        assertThat(items(api.get("/v1/suggestions?state=dismissed")
                        .token(token)
                        .send()
                        .json()))
                .extracting(s -> s.path("suggestionId").asString())
                .containsExactly(eveningId);
        JsonNode changes = api.get("/v1/suggestions/changes?since=" + token1)
                .token(token)
                .send()
                .json();
        assertThat(dated(changes.path("upserted").valueStream().toList()).stream()
                        .map(s -> s.path("suggestionId").asString())
                        .toList())
                .containsExactlyInAnyOrder(
                        eveningId,
                        afternoon.path("suggestionId").asString(),
                        recap.path("suggestionId").asString());
    }

    @Test
    void deletingAMediaTakesItOutOfItsCollageAndACollageLeftWithTooFewShotsIsRemoved() {
        new TusUploads(api, token).uploadBatch(shots("2025:08:02 11:0", 5));
        JsonNode collage = awaitSuggestions(1).get(0);
        String id = collage.path("suggestionId").asString();
        JsonNode everything =
                api.get("/v1/suggestions/changes").token(token).send().json();
        List<String> media =
                collage.path("mediaIds").valueStream().map(JsonNode::asString).toList();

        assertThat(api.request("DELETE", "/v1/media/" + media.get(0))
                        .token(token)
                        .send()
                        .status())
                .isEqualTo(204);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/v1/suggestions/" + id)
                                .token(token)
                                .send()
                                .json()
                                .path("mediaIds")
                                .size()
                        == 4);
        assertThat(api.get("/v1/suggestions/" + id)
                        .token(token)
                        .send()
                        .json()
                        .path("mediaIds")
                        .valueStream()
                        .map(JsonNode::asString))
                .doesNotContain(media.get(0));

        assertThat(api.request("DELETE", "/v1/media/" + media.get(1))
                        .token(token)
                        .send()
                        .status())
                .isEqualTo(204);

        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        api.get("/v1/suggestions/" + id).token(token).send().status() == 404);
        JsonNode changes = api.get("/v1/suggestions/changes?since="
                        + everything.path("nextToken").asString())
                .token(token)
                .send()
                .json();
        assertThat(changes.path("removed").valueStream().map(JsonNode::asString))
                .contains(id);
    }

    @Test
    void occasionsAreReplacedAsAWholeAndAnImpossibleDayChangesNothing() {
        List<Map<String, Object>> occasions = List.of(
                Map.of("label", "Mum's birthday", "kind", "birthday", "month", 3, "day", 14),
                Map.of("label", "Our wedding", "kind", "anniversary", "month", 2, "day", 29));

        Api.Response saved = api.put("/v1/me/occasions", occasions).token(token).send();

        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        JsonNode listed = api.get("/v1/me/occasions").token(token).send().json();
        assertThat(listed.valueStream()
                        .map(o -> o.path("label").asString() + "/"
                                + o.path("kind").asString() + "/"
                                + o.path("month").asInt() + "-" + o.path("day").asInt())
                        .toList())
                .containsExactly("Mum's birthday/birthday/3-14", "Our wedding/anniversary/2-29");

        Api.Response impossible = api.put(
                        "/v1/me/occasions",
                        List.of(Map.of("label", "Nobody", "kind", "birthday", "month", 2, "day", 30)))
                .token(token)
                .send();
        Api.Response unknownKind = api.put(
                        "/v1/me/occasions", List.of(Map.of("label", "Dog", "kind", "nameday", "month", 1, "day", 1)))
                .token(token)
                .send();

        assertThat(impossible.problem()).as(impossible.body()).isEqualTo("invalid-request");
        assertThat(unknownKind.problem()).as(unknownKind.body()).isEqualTo("invalid-request");
        assertThat(api.get("/v1/me/occasions").token(token).send().json()).hasSize(2);
        assertThat(api.put("/v1/me/occasions", List.of()).token(token).send().status())
                .isEqualTo(200);
        assertThat(api.get("/v1/me/occasions").token(token).send().json()).isEmpty();
    }

    @Test
    void occasionsNeedCloudProcessingAndAreRefusedAfterTheAccountIsErased() {
        String stranger = newUser("no-consent");
        List<Map<String, Object>> mum =
                List.of(Map.of("label", "Mum's birthday", "kind", "birthday", "month", 3, "day", 14));

        Api.Response unconsentedPut =
                api.put("/v1/me/occasions", mum).token(token(stranger)).send();
        Api.Response unconsentedGet =
                api.get("/v1/me/occasions").token(token(stranger)).send();

        assertThat(unconsentedPut.status()).isEqualTo(403);
        assertThat(unconsentedPut.problem()).isEqualTo("consent-required");
        assertThat(unconsentedGet.problem()).isEqualTo("consent-required");
        assertThat(occasionRows(stranger)).isZero();

        String erasing = newUser("erasing");
        String erasingToken = token(erasing);
        give(erasingToken, "cloud_processing");
        assertThat(api.put("/v1/me/occasions", mum).token(erasingToken).send().status())
                .isEqualTo(200);
        assertThat(api.request("DELETE", "/v1/me").token(erasingToken).send().status())
                .isEqualTo(202);

        Api.Response afterErasure = api.put(
                        "/v1/me/occasions",
                        List.of(Map.of("label", "Written after erasure", "kind", "anniversary", "month", 1, "day", 2)))
                .token(erasingToken)
                .header("Idempotency-Key", "after-erasure")
                .send();

        assertThat(afterErasure.status()).as(afterErasure.body()).isEqualTo(403);
        assertThat(afterErasure.problem()).isEqualTo("consent-required");
        assertThat(api.get("/v1/me/occasions").token(erasingToken).send().problem())
                .isEqualTo("consent-required");
        awaitPurged(erasing);
        assertThat(occasionRows(erasing))
                .as("nothing stored after the erasure, and the purge took the rest")
                .isZero();
    }

    private int occasionRows(String subject) {
        return jdbc.queryForObject("SELECT count(*) FROM occasions WHERE subject = ?", Integer.class, subject);
    }

    @Test
    void badQueriesAndUnknownSuggestionsAreProblems() {
        assertThat(api.get("/v1/suggestions?kind=POSTER").token(token).send().problem())
                .isEqualTo("invalid-request");
        assertThat(api.get("/v1/suggestions/changes?since=!!!")
                        .token(token)
                        .send()
                        .problem())
                .isEqualTo("invalid-request");
        assertThat(api.get("/v1/suggestions/0190a4b2-7c1e-7000-8000-000000000000")
                        .token(token)
                        .send()
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/v1/suggestions").send().status()).isEqualTo(401);
    }

    /** {@code count} distinct photos taken a minute apart from {@code minutePrefix}0 on. */
    private List<byte[]> shots(String minutePrefix, int count) {
        List<byte[]> shots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            shots.add(MediaSamples.exif()
                    .takenAt(minutePrefix + i + ":00")
                    .into(MediaSamples.jpeg(MediaSamples.photo(640, 480, 100 + seed++))));
        }
        return shots;
    }

    /** Waits until the user has {@code count} suggestions, each with its image. */
    private List<JsonNode> awaitSuggestions(int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<JsonNode> items =
                    dated(items(api.get("/v1/suggestions").token(token).send().json()));
            return items.size() == count && items.stream().allMatch(s -> s.has("imageUrl"));
        });
        return dated(items(api.get("/v1/suggestions").token(token).send().json()));
    }

    /**
     * Collages and recaps only: "this day in earlier years" depends on the day the test runs, which may be the day of
     * these photos in a later year.
     */
    private static List<JsonNode> dated(List<JsonNode> suggestions) {
        return suggestions.stream()
                .filter(s -> !"THEME".equals(s.path("kind").asString()))
                .toList();
    }

    private static List<JsonNode> items(JsonNode page) {
        return page.path("items").valueStream().toList();
    }

    private static JsonNode find(List<JsonNode> suggestions, String title) {
        return suggestions.stream()
                .filter(s -> title.equals(s.path("title").asString()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no suggestion titled '" + title + "' in " + suggestions));
    }
}
