package dev.camroll.suggestions.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.camroll.media.MediaSamples;
import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.TusUploads;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Themes end to end, from photos with EXIF times and GPS: a trip appears for a user who gives location_analysis and
 * not for one who does not; a birthday appears once the user names the day; the nightly build is queued.
 */
class SuggestionThemeTests extends EndToEndTest {

    @Autowired
    NightlyBuilds nightly;

    int seed;

    /** Each test user's subject, by token. */
    final Map<String, String> subjects = new HashMap<>();

    @Test
    void aTripNeedsLocationConsentAndABirthdayNeedsTheUsersOccasion() {
        String located = user(true);
        String unlocated = user(false);
        for (String token : List.of(located, unlocated)) {
            List<byte[]> photos = new ArrayList<>();
            photos.addAll(shots("2025:05:03 09:0", 4, 47.3769, 8.5417)); // home, Zurich
            photos.addAll(shots("2025:05:10 09:0", 4, 47.3769, 8.5417));
            photos.addAll(shots("2025:05:24 09:0", 4, 47.3769, 8.5417));
            photos.addAll(shots("2025:05:17 10:0", 4, 41.9028, 12.4964)); // Rome, two days
            photos.addAll(shots("2025:05:18 16:0", 4, 41.9028, 12.4964));
            new TusUploads(api, token).uploadBatch(photos);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> titles(located).contains("Trip · 17-18 May 2025"));
        await().atMost(Duration.ofSeconds(60)).until(() -> titles(unlocated).contains("Your May 2025"));
        assertThat(titles(unlocated)).noneMatch(title -> title.startsWith("Trip"));
        JsonNode trip = suggestions(located).stream()
                .filter(s -> s.path("title").asString().startsWith("Trip"))
                .findFirst()
                .orElseThrow();
        assertThat(trip.path("kind").asString()).isEqualTo("THEME");
        assertThat(trip.path("theme").asString()).isEqualTo("trip");
        assertThat(trip.path("mediaIds")).hasSize(8);
        assertThat(titles(located)).as("home is where most shots were taken").noneMatch(t -> t.startsWith("Trip · 3"));
        assertThat(trip.has("imageUrl")).isFalse();

        // Withdrawing location_analysis erases the positions and takes the trip away; the rest stays.
        withdraw(located, "location_analysis");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> titles(located).stream().noneMatch(t -> t.startsWith("Trip")));
        assertThat(titles(located)).contains("Your May 2025");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM media WHERE subject = ? AND latitude IS NOT NULL",
                        Integer.class,
                        subjects.get(located)))
                .as("positions kept after the withdrawal")
                .isZero();

        Api.Response occasions = api.put(
                        "/v1/me/occasions",
                        List.of(Map.of("label", "Anna's birthday", "kind", "birthday", "month", 5, "day", 18)))
                .token(located)
                .send();
        assertThat(occasions.status()).as(occasions.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> titles(located).contains("Anna's birthday 2025"));

        // The birthday shows, so the build the occasions asked for has run: nothing is pending for this user.
        String sql = "SELECT count(*) FROM jobs WHERE type = 'build-suggestions' AND subject = ?";
        int before = jdbc.queryForObject(sql, Integer.class, subjects.get(located));
        nightly.queueBuilds();
        assertThat(jdbc.queryForObject(sql, Integer.class, subjects.get(located)))
                .as("the nightly build is queued")
                .isEqualTo(before + 1);
    }

    private String user(boolean location) {
        String subject = newUser(location ? "located" : "unlocated");
        String token = token(subject);
        subjects.put(token, subject);
        give(token, "cloud_processing");
        if (location) {
            give(token, "location_analysis");
        }
        api.put("/v1/devices/phone", TusUploads.PHONE).token(token).send();
        return token;
    }

    private List<String> titles(String token) {
        return suggestions(token).stream().map(s -> s.path("title").asString()).toList();
    }

    private List<JsonNode> suggestions(String token) {
        return api.get("/v1/suggestions?limit=200")
                .token(token)
                .send()
                .json()
                .path("items")
                .valueStream()
                .toList();
    }

    /** {@code count} distinct photos taken a minute apart from {@code minutePrefix}0 on, at a position. */
    private List<byte[]> shots(String minutePrefix, int count, double latitude, double longitude) {
        List<byte[]> shots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            shots.add(MediaSamples.exif()
                    .takenAt(minutePrefix + i + ":00")
                    .gps(latitude, longitude)
                    .into(MediaSamples.jpeg(MediaSamples.photo(480, 360, 500 + seed++))));
        }
        return shots;
    }
}
