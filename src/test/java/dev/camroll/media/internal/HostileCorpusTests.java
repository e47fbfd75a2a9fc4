package dev.camroll.media.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.camroll.identity.internal.LocalIssuer;
import dev.camroll.testing.Api;
import dev.camroll.testing.ServiceProcess;
import dev.camroll.testing.TestFiles;
import dev.camroll.testing.TusUploads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hostile-input corpus ({@link HostileFiles}) uploaded among good photos, through real HTTP (consent, device,
 * batch manifest, tus PATCH), to the packaged service in a child JVM with a 256 MB heap and the embedded defaults:
 * every hostile file ends with its problem (or is refused at upload), every good photo is processed, the service
 * stays up and healthy, no problem shown to the user carries a decoder's words or a path, and the process's peak
 * resident memory ({@code VmHWM}) stays under {@value #PEAK_RSS_BOUND_MB} MB. A decoder that hangs on one file is
 * killed at the decode timeout, and that file fails as {@code decode-timeout} at once, never retried.
 */
class HostileCorpusTests {

    /**
     * The bound on the child's peak RSS, from measurement: 430 to 482 MB in four runs on a shared 2-core machine (a 256 MB
     * heap, the metaspace and code cache of a Spring Boot service, the decoders' native buffers, heif-convert being a
     * process of its own), with room for another machine's JIT and allocator.
     */
    static final long PEAK_RSS_BOUND_MB = 600;

    static final int GOOD_PHOTOS = 8;

    @TempDir
    Path work;

    @Test
    void hostileFilesFailWithTheirProblemsWhileGoodPhotosAreProcessedInBoundedMemory() throws Exception {
        long begin = System.nanoTime();
        // The corpus is made while the service starts.
        CompletableFuture<List<HostileFiles.Sample>> corpus = CompletableFuture.supplyAsync(() -> {
            try {
                List<HostileFiles.Sample> all = new ArrayList<>(HostileFiles.hostile(work));
                all.add(HostileFiles.hanging(work));
                all.addAll(HostileFiles.goodPhotos(GOOD_PHOTOS));
                Collections.shuffle(all, new Random(14)); // the good among the bad, as a camera roll would have them
                return all;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Path dataDir = work.resolve("data");
        Map<String, Object> properties = new HashMap<>();
        properties.put("camroll.data-dir", dataDir);
        properties.put("camroll.jobs.workers", 2);
        // The real heif-convert, except on the file with the marker: there it hangs (sleeping, so no CPU limit ends
        // it) until the decode timeout kills it. 15 s leaves the good files' decodes room on a loaded machine.
        Path hangPid = work.resolve("hang.pid");
        Path tool = work.resolve("heif-convert-that-hangs");
        Files.writeString(
                tool,
                "#!/bin/sh\nif grep -q '" + HostileFiles.HANG_MARKER + "' \"$3\"; then echo $$ > '" + hangPid
                        + "'; exec sleep 300; fi\nexec heif-convert \"$@\"\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        properties.put("camroll.media.heif-convert", tool);
        properties.put("camroll.media.decode-timeout", "15s");
        List<String> jvm = List.of(
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")));

        try (ServiceProcess service =
                ServiceProcess.start(properties, jvm, work.resolve("service.log"), Duration.ofMinutes(3))) {
            long started = System.nanoTime();
            List<HostileFiles.Sample> samples = corpus.join();
            long pid = service.pid();
            Api api = new Api(service.port());
            String token = token(dataDir, "hostile-corpus");
            new TusUploads(api, token).ready(noticeVersion(api, token));

            Map<String, String> mediaIds = new LinkedHashMap<>();
            Map<String, String> refusedAtUpload = new HashMap<>();
            JsonNode batch = announce(api, token, samples);
            for (int i = 0; i < samples.size(); i++) {
                HostileFiles.Sample sample = samples.get(i);
                JsonNode line = batch.path("items").get(i);
                assertThat(line.path("disposition").asString())
                        .as(sample + ": " + line)
                        .isEqualTo("upload");
                String url = line.path("upload").path("url").asString();
                Api.Response patched = api.request("PATCH", url.substring(url.indexOf("/v1/")))
                        .token(token)
                        .header("Tus-Resumable", "1.0.0")
                        .header("Upload-Offset", "0")
                        .header("Content-Type", "application/offset+octet-stream")
                        .bytes(sample.content())
                        .send();
                if (patched.status() == 204) {
                    mediaIds.put(sample.name(), line.path("mediaId").asString());
                } else {
                    assertThat(patched.status())
                            .as(sample + ": " + patched.body())
                            .isEqualTo(422);
                    refusedAtUpload.put(
                            sample.name(), slug(patched.json().path("type").asString()));
                }
            }

            long uploaded = System.nanoTime();
            Map<String, JsonNode> settled = new HashMap<>();
            await("every uploaded file analysed")
                    .atMost(Duration.ofSeconds(150))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        settled.clear();
                        for (JsonNode item : api.get("/v1/media?limit=200")
                                .token(token)
                                .send()
                                .json()
                                .path("items")) {
                            if (!item.path("state").asString().equals("stored")) {
                                settled.put(item.path("mediaId").asString(), item);
                            }
                        }
                        return settled.keySet().containsAll(mediaIds.values());
                    });
            long peakRss = peakRss(pid);
            long analysed = System.nanoTime();

            List<String[]> rows = new ArrayList<>();
            Map<String, String> got = new LinkedHashMap<>();
            for (HostileFiles.Sample sample : samples) {
                String outcome;
                if (refusedAtUpload.containsKey(sample.name())) {
                    outcome = refusedAtUpload.get(sample.name()) + " (at upload)";
                } else {
                    JsonNode item = settled.get(mediaIds.get(sample.name()));
                    outcome = item.path("state").asString().equals("processed")
                            ? "processed"
                            : slug(item.path("problem").path("type").asString());
                    if (!item.path("problem").isMissingNode()
                            && !item.path("problem").isNull()) {
                        // Point 10: the user reads a fixed sentence, never a decoder's or tool's output or a path.
                        String detail = item.path("problem").path("detail").asString();
                        assertThat(detail)
                                .as(sample + "'s problem detail")
                                .startsWith(sample.expected().sentence())
                                .doesNotContain(
                                        dataDir.toString(), work.toString(), "Exception", "heif-convert", "\tat ");
                    }
                }
                got.put(sample.name(), outcome);
                rows.add(new String[] {
                    sample.name(),
                    sample.expected() == HostileFiles.Outcome.PROCESSED
                            ? "processed"
                            : sample.expected().slug()
                                    + (sample.expected() == HostileFiles.Outcome.REFUSED_AT_UPLOAD
                                            ? " (at upload)"
                                            : ""),
                    outcome
                });
            }
            System.out.println(table(rows, peakRss));
            System.out.printf(
                    "service start %.1f s, uploads %.1f s, analyses %.1f s%n",
                    (started - begin) / 1e9, (uploaded - started) / 1e9, (analysed - uploaded) / 1e9);

            for (HostileFiles.Sample sample : samples) {
                String expected = sample.expected() == HostileFiles.Outcome.PROCESSED
                        ? "processed"
                        : sample.expected() == HostileFiles.Outcome.REFUSED_AT_UPLOAD
                                ? sample.expected().slug() + " (at upload)"
                                : sample.expected().slug();
                assertThat(got.get(sample.name())).as(sample.name()).isEqualTo(expected);
            }
            // The timeout is final (the media failed at once, not after five attempts) and the stuck tool is dead.
            long hung = Long.parseLong(Files.readString(hangPid).trim());
            assertThat(ProcessHandle.of(hung).filter(ProcessHandle::isAlive))
                    .as("the hanging heif-convert")
                    .isEmpty();
            assertThat(Files.readString(work.resolve("service.log"))
                            .lines()
                            .filter(line -> line.contains("with problem decode-timeout")))
                    .as("decode-timeout outcomes logged")
                    .hasSize(1);
            assertThat(service.isAlive()).as("the service survived").isTrue();
            assertThat(service.pid()).as("the same process, never restarted").isEqualTo(pid);
            Api.Response health = api.get("/actuator/health").send();
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().path("status").asString()).isEqualTo("UP");
            assertThat(Files.readString(work.resolve("service.log")))
                    .as("the service's log")
                    .doesNotContain("OutOfMemoryError");
            assertThat(peakRss).as("peak RSS (VmHWM) of the service, bytes").isLessThan(PEAK_RSS_BOUND_MB << 20);
        }
    }

    /** One manifest announcing every file with its own type and kind, in order. */
    private static JsonNode announce(Api api, String token, List<HostileFiles.Sample> samples) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            HostileFiles.Sample sample = samples.get(i);
            lines.add(Map.of(
                    "clientAssetId",
                    "HOSTILE_" + i,
                    "sha256",
                    TestFiles.sha256(sample.content()),
                    "size",
                    sample.content().length,
                    "mimeType",
                    sample.mimeType(),
                    "kind",
                    sample.kind()));
        }
        Api.Response answer = api.post("/v1/devices/phone/batches", Map.of("items", lines))
                .token(token)
                .send();
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    /**
     * A token for {@code subject}, signed with the local issuer's key that the service keeps in its data directory:
     * what only the machine's owner can read, so it needs no {@code /dev/tokens} and whatever that asks for.
     */
    static String token(Path dataDir, String subject) throws Exception {
        RSAKey key = RSAKey.parse(Files.readString(dataDir.resolve("keys").resolve("local-issuer.jwk.json")));
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(LocalIssuer.ISSUER)
                .audience(LocalIssuer.AUDIENCE)
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .jwtID(UUID.randomUUID().toString())
                .claim("roles", List.of())
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String noticeVersion(Api api, String token) {
        return api.get("/v1/consent/purposes")
                .token(token)
                .send()
                .json()
                .get(0)
                .path("noticeVersion")
                .asString();
    }

    private static String slug(String type) {
        return type.substring(type.lastIndexOf('/') + 1);
    }

    /** VmHWM of the process: the peak resident set size of its life so far, in bytes. */
    private static long peakRss(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.substring(6).replace("kB", "").trim()) * 1024;
            }
        }
        throw new IllegalStateException("no VmHWM for " + pid);
    }

    private static String table(List<String[]> rows, long peakRss) {
        StringBuilder out = new StringBuilder("\nHostile corpus, service at -Xmx256m:\n");
        out.append(String.format("%-42s %-36s %s%n", "file", "expected", "got"));
        for (String[] row : rows) {
            out.append(String.format("%-42s %-36s %s%n", row[0], row[1], row[2]));
        }
        out.append(String.format(
                "peak RSS (VmHWM) of the service: %d MB (bound %d MB)%n", peakRss >> 20, PEAK_RSS_BOUND_MB));
        return out.toString();
    }
}
