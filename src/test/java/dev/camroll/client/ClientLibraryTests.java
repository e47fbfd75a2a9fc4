package dev.camroll.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.camroll.media.MediaSamples;
import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.TestFiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Every call of the client library against the running service (embedded PostgreSQL, real HTTP, real workers). */
class ClientLibraryTests extends EndToEndTest {

    private static final String CLOUD = "cloud_processing";

    private int seed;

    @Test
    void consentIsReadGivenAndRefusedWithTypedProblems() {
        String user = newUser("client-consent");
        CamrollClient camroll = client(user);
        Consent consent = camroll.consent();

        List<Consent.Purpose> german = consent.purposes("de");
        assertThat(german)
                .extracting(Consent.Purpose::purpose)
                .containsExactly(CLOUD, "location_analysis", "original_retention");
        assertThat(german.get(0).locale()).isEqualTo("de");
        assertThat(german.get(1).requires()).containsExactly(CLOUD);
        assertThat(consent.state()).allSatisfy(p -> assertThat(p.state()).isEqualTo("NOT_ASKED"));

        assertThatThrownBy(() -> consent.give("location_analysis", notice("location_analysis"), "en"))
                .isInstanceOfSatisfying(
                        ProblemException.ConsentConflict.class,
                        e -> assertThat(e.slug()).isEqualTo("consent-dependency"));
        assertThatThrownBy(() -> consent.give(CLOUD, "0".repeat(64), "en"))
                .isInstanceOfSatisfying(ProblemException.ConsentConflict.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.slug()).isEqualTo("notice-outdated");
                    assertThat(e.currentNoticeVersion()).isEqualTo(notice(CLOUD));
                });
        assertThatThrownBy(() -> consent.give("telepathy", notice(CLOUD), "en"))
                .isInstanceOf(ProblemException.NotFound.class);

        Consent.Decision given = consent.give(CLOUD, notice(CLOUD), "en");

        assertThat(given.state()).isEqualTo("GIVEN");
        assertThat(given.receipt().jws()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        Consent.PurposeState state = consent.state().get(0);
        assertThat(state.given()).isTrue();
        assertThat(state.upToDate()).isTrue();
        assertThat(state.eventId()).isEqualTo(given.eventId());

        Consent.History history = consent.history();
        assertThat(history.entries()).hasSize(1);
        Consent.HistoryEntry entry = history.entries().get(0);
        assertThat(entry.seq()).isEqualTo(1);
        assertThat(entry.actor()).isEqualTo(new Consent.Actor("USER", user));
        assertThat(entry.prevHash()).isEqualTo(ReceiptVerifier.GENESIS_HASH);
        assertThat(history.chain().valid()).isTrue();
        assertThat(history.chain().headHash()).isEqualTo(entry.hash());
        Consent.HistoryPage page = consent.history(null, 1);
        assertThat(page.items()).containsExactly(entry);
        assertThat(page.hasNext()).isFalse();
        assertThat(consent.receipt(entry.eventId()).jws()).isNotBlank();

        CamrollClient stranger = client(newUser("client-stranger"));
        assertThatThrownBy(() -> stranger.consent().receipt(entry.eventId()))
                .isInstanceOfSatisfying(
                        ProblemException.NotFound.class,
                        e -> assertThat(e.problem().type()).endsWith("/problems/not-found"));
        CamrollClient forged = CamrollClient.builder(url()).token("not-a-token").build();
        assertThatThrownBy(() -> forged.consent().state())
                .isInstanceOfSatisfying(
                        ProblemException.Unauthorized.class,
                        e -> assertThat(e.status()).isEqualTo(401));

        Jwks jwks = CamrollClient.builder(url()).build().consent().jwks();
        assertThat(jwks.keys()).isNotEmpty().allSatisfy(k -> {
            assertThat(k.kty()).isEqualTo("EC");
            assertThat(k.crv()).isEqualTo("P-256");
        });
        assertThat(Jwks.parse(jwks.json())).isEqualTo(jwks);
    }

    @Test
    void aDevTokenFromTheLocalIssuerNeedsTheSecretFromTheDataDirectory() throws Exception {
        String secret = Files.readString(settings.dataDir().resolve("dev-token.secret"));
        String user = newUser("client-dev-token");

        String token = CamrollClient.devToken(url(), secret, user, Duration.ofMinutes(5));

        CamrollClient camroll = CamrollClient.builder(url()).token(token).build();
        assertThat(camroll.consent().state()).hasSize(3);
        assertThatThrownBy(() -> CamrollClient.devToken(url(), user, Duration.ofMinutes(5)))
                .isInstanceOfSatisfying(
                        ProblemException.Forbidden.class,
                        e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void theAccessLogShowsAStaffLookAtTheUsersData() {
        String user = newUser("client-looked-at");
        CamrollClient camroll = client(user);
        camroll.consent().give(CLOUD, notice(CLOUD), "en");
        assertThat(camroll.consent().accessLog()).isEmpty();

        Api.Response look = api.get("/v1/support/users/" + user + "/consent")
                .token(token(newUser("agent"), "support"))
                .header("X-Access-Reason", "TICKET-18 checking the client")
                .send();
        assertThat(look.status()).isEqualTo(200);

        List<Consent.Access> log = camroll.consent().accessLog();
        assertThat(log).hasSize(1);
        assertThat(log.get(0).reason()).isEqualTo("TICKET-18 checking the client");
        assertThat(log.get(0).staffId()).startsWith("agent-");
        assertThat(log.get(0).at()).isNotNull();
        assertThat(camroll.consent().accessLog(null, 1).items()).isEqualTo(log);
    }

    @Test
    void aDeviceSyncsAPhotoThatIsThenListedShownAndDeleted() throws Exception {
        String user = newUser("client-sync");
        CamrollClient camroll = client(user);

        Devices.Registration first = camroll.devices().register("pixel-8", "android", "1.0", "Pixel 8", "14", "full");
        Devices.Registration again = camroll.devices().register("pixel-8", "android", "1.1", null, null, "limited");
        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(camroll.devices().get("pixel-8").appVersion()).isEqualTo("1.1");
        assertThatThrownBy(() -> camroll.devices().get("ipad")).isInstanceOf(ProblemException.NotFound.class);

        Sync.Policy refused = camroll.sync().policy("pixel-8");
        assertThat(refused.syncAllowed()).isFalse();
        assertThat(refused.reason()).isEqualTo("consent-required");
        byte[] photo = photo("2024:05:01 10:00:00");
        Sync.ManifestItem line =
                Sync.ManifestItem.of("IMG_0001", TestFiles.sha256(photo), photo.length, "image/jpeg", "photo");
        assertThatThrownBy(() -> camroll.sync().sendManifest("pixel-8", List.of(line), null))
                .isInstanceOfSatisfying(
                        ProblemException.Forbidden.class,
                        e -> assertThat(e.consentRequired()).isTrue());

        camroll.consent().give(CLOUD, notice(CLOUD), "en");
        Sync.Policy policy = camroll.sync().policy("pixel-8");
        assertThat(policy.syncAllowed()).isTrue();
        assertThat(policy.acceptedMimeTypes()).contains("image/jpeg");
        Sync.ManifestItem bitmap =
                Sync.ManifestItem.of("IMG_0002.bmp", TestFiles.sha256(new byte[] {1}), 1, "image/bmp", "photo");

        Sync.Batch batch = camroll.sync().sendManifest("pixel-8", List.of(line, bitmap), "manifest-1");
        Sync.Batch replayed = camroll.sync().sendManifest("pixel-8", List.of(line, bitmap), "manifest-1");

        assertThat(replayed.batchId())
                .as("the same key answers the first batch")
                .isEqualTo(batch.batchId());
        assertThat(batch.items().get(0).toUpload()).isTrue();
        assertThat(batch.items().get(0).upload().expiresAt()).isNotNull();
        assertThat(batch.items().get(1).disposition()).isEqualTo("rejected");
        assertThat(batch.items().get(1).problem().slug()).isEqualTo("unsupported-media-type");
        assertThatThrownBy(() -> camroll.sync().sendManifest("pixel-8", List.of(bitmap), "manifest-1"))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.slug()).isEqualTo("idempotency-key-reused"));

        upload(user, batch.items().get(0).upload().url(), photo);
        String mediaId = batch.items().get(0).mediaId();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> camroll.media().get(mediaId).processed());

        Sync.BatchStatus status = camroll.sync().batch("pixel-8", batch.batchId());
        assertThat(status.state()).isEqualTo("complete");
        assertThat(status.rejectedItems()).isEqualTo(1);
        assertThat(status.items()).singleElement().satisfies(item -> {
            assertThat(item.state()).isEqualTo("processed");
            assertThat(item.bytesReceived()).isEqualTo(photo.length);
        });
        Sync.Batch duplicate = camroll.sync()
                .sendManifest(
                        "pixel-8",
                        List.of(Sync.ManifestItem.of(
                                "IMG_0001-copy", line.sha256(), photo.length, "image/jpeg", "photo")),
                        null);
        assertThat(duplicate.items().get(0).disposition()).isEqualTo("duplicate");
        assertThat(duplicate.items().get(0).mediaId()).isEqualTo(mediaId);

        List<Media.Item> media = camroll.media().all();
        assertThat(media).singleElement().satisfies(item -> {
            assertThat(item.mediaId()).isEqualTo(mediaId);
            assertThat(item.sha256()).isEqualTo(line.sha256());
            assertThat(item.width()).isEqualTo(640);
            assertThat(item.camera().make()).isEqualTo("Canon");
            assertThat(item.capturedAtLocal()).hasToString("2024-05-01T10:00");
            assertThat(item.hasPreview()).isTrue();
        });
        assertThat(camroll.media().list(null, 1).items()).isEqualTo(media);
        ByteArrayOutputStream thumbnail = new ByteArrayOutputStream();
        camroll.media().thumbnail(mediaId, thumbnail);
        ByteArrayOutputStream preview = new ByteArrayOutputStream();
        camroll.media().preview(mediaId, preview);
        assertThat(thumbnail.toByteArray()).startsWith(0xff, 0xd8);
        assertThat(preview.toByteArray()).startsWith(0xff, 0xd8);
        assertThat(preview.size()).isGreaterThan(thumbnail.size());

        assertThatThrownBy(() -> client(newUser("client-other")).media().get(mediaId))
                .isInstanceOf(ProblemException.NotFound.class);
        camroll.media().delete(mediaId);
        assertThatThrownBy(() -> camroll.media().get(mediaId)).isInstanceOf(ProblemException.NotFound.class);
        assertThat(camroll.media().all()).isEmpty();
    }

    @Test
    void suggestionsArePulledAsChangesWithATokenShownAndAnswered() {
        String user = newUser("client-suggestions");
        CamrollClient camroll = client(user);
        camroll.consent().give(CLOUD, notice(CLOUD), "en");
        camroll.devices().register("phone", "ios", "1.0", null, null, "full");
        List<byte[]> shots = new ArrayList<>();
        List<Sync.ManifestItem> lines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] shot = photo("2025:06:14 15:0" + i + ":00");
            shots.add(shot);
            lines.add(Sync.ManifestItem.of("IMG_" + i, TestFiles.sha256(shot), shot.length, "image/jpeg", "photo"));
        }
        Sync.Batch batch = camroll.sync().sendManifest("phone", lines, null);
        for (int i = 0; i < shots.size(); i++) {
            upload(user, batch.items().get(i).upload().url(), shots.get(i));
        }

        await().atMost(Duration.ofSeconds(90))
                .until(() -> camroll.suggestions().list(null, null, "COLLAGE", null).items().stream()
                        .anyMatch(s -> s.imageUrl() != null));
        Suggestions.Suggestion collage =
                camroll.suggestions().list(null, null, "COLLAGE", null).items().get(0);
        assertThat(collage.mediaIds()).hasSize(5);
        assertThat(collage.title()).isEqualTo("Saturday afternoon · 14 June 2025");
        assertThat(collage.period().from()).isNotNull();

        Suggestions.Changes everything = camroll.suggestions().changes(null);
        assertThat(everything.upserted())
                .extracting(Suggestions.Suggestion::suggestionId)
                .contains(collage.suggestionId());
        String token = everything.nextToken();
        assertThat(camroll.suggestions().changes(token).isEmpty())
                .as("nothing new since the token")
                .isTrue();

        ByteArrayOutputStream image = new ByteArrayOutputStream();
        camroll.suggestions().image(collage.suggestionId(), image);
        assertThat(image.toByteArray()).startsWith(0xff, 0xd8);
        assertThat(camroll.suggestions().get(collage.suggestionId())).isEqualTo(collage);

        assertThat(camroll.suggestions()
                        .feedback(collage.suggestionId(), "saved")
                        .state())
                .isEqualTo("SAVED");
        Suggestions.Changes saved = camroll.suggestions().changes(token);
        assertThat(saved.upserted()).extracting(Suggestions.Suggestion::state).containsExactly("SAVED");
        assertThat(camroll.suggestions().changes(saved.nextToken()).isEmpty()).isTrue();
        camroll.suggestions().feedback(collage.suggestionId(), "dismissed");
        assertThatThrownBy(() -> camroll.suggestions().feedback(collage.suggestionId(), "saved"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.slug()).isEqualTo("suggestion-dismissed");
                });

        List<Suggestions.Occasion> occasions = List.of(new Suggestions.Occasion("Leap day", "birthday", 2, 29));
        assertThat(camroll.suggestions().occasions(occasions)).isEqualTo(occasions);
        assertThat(camroll.suggestions().occasions()).isEqualTo(occasions);
        assertThatThrownBy(() ->
                        camroll.suggestions().occasions(List.of(new Suggestions.Occasion("Nope", "birthday", 2, 30))))
                .isInstanceOfSatisfying(
                        ProblemException.InvalidRequest.class,
                        e -> assertThat(e.field()).isEqualTo("[0].day"));
    }

    @Test
    void theExportHoldsTheUsersDataAndVerifiesOfflineAndErasureRemovesTheDevices() throws Exception {
        String user = newUser("client-export");
        CamrollClient camroll = client(user);
        camroll.consent().give(CLOUD, notice(CLOUD), "en");
        camroll.devices().register("phone", "ios", "1.0", null, null, "full");
        camroll.suggestions().occasions(List.of(new Suggestions.Occasion("Mum", "birthday", 3, 14)));

        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        camroll.account().export(streamed);
        assertThat(streamed.toString(StandardCharsets.UTF_8)).contains("\"subject\":\"" + user + "\"");
        Account.Export export = camroll.account().export();
        assertThat(export.subject()).isEqualTo(user);
        assertThat(export.devices()).extracting(Devices.Device::deviceId).containsExactly("phone");
        assertThat(export.occasions()).extracting(Suggestions.Occasion::label).containsExactly("Mum");
        assertThat(export.history()).hasSize(1);
        assertThat(export.receipts()).hasSize(1);
        assertThat(export.purposes()).hasSize(3);
        Jwks jwks = camroll.consent().jwks();
        assertThat(new ReceiptVerifier(jwks)
                        .verify(user, export.history(), export.receipts())
                        .valid())
                .isTrue();

        Account.Erasure erasure = camroll.account().deleteAccount();

        assertThat(erasure.scope()).isEqualTo("account");
        assertThat(erasure.deadline()).isAfter(erasure.requestedAt());
        awaitPurged(user);
        assertThatThrownBy(() -> camroll.devices().get("phone")).isInstanceOf(ProblemException.NotFound.class);
        assertThatThrownBy(() -> camroll.suggestions().occasions())
                .isInstanceOfSatisfying(
                        ProblemException.Forbidden.class,
                        e -> assertThat(e.consentRequired()).isTrue());
        Consent.History history = camroll.consent().history();
        assertThat(history.entries())
                .extracting(Consent.HistoryEntry::type)
                .containsExactly("CONSENT", "CONSENT", "DATA_PURGED");
        Verification verified = new ReceiptVerifier(jwks)
                .verify(user, history.entries(), camroll.consent().receipts(history.entries()));
        assertThat(verified.findings())
                .as("the purge's details hash as the service hashed them")
                .isEmpty();
    }

    private CamrollClient client(String user) {
        return CamrollClient.builder(url()).token(token(user)).build();
    }

    private String url() {
        return "http://localhost:" + port;
    }

    private String notice(String purpose) {
        return currentNotice(purpose, "en");
    }

    private byte[] photo(String takenAt) {
        return MediaSamples.exif()
                .takenAt(takenAt)
                .camera("Canon", "EOS 5D")
                .into(MediaSamples.jpeg(MediaSamples.photo(640, 480, 4200 + seed++)));
    }

    /** The whole file in one tus PATCH (the library's own uploads are tested with the CLI). */
    private void upload(String user, String url, byte[] bytes) {
        Api.Response patched = api.request("PATCH", url.substring(url.indexOf("/v1/")))
                .token(token(user))
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .bytes(bytes)
                .send();
        assertThat(patched.status()).as(patched.body()).isEqualTo(204);
    }
}
