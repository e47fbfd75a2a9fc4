package dev.camroll.client;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A client of one camroll service for one user. Thread-safe; make one and share it.
 *
 * <pre>{@code
 * CamrollClient camroll = CamrollClient.builder("https://photos.example.com").token(accessToken).build();
 * camroll.consent().give("cloud_processing", purpose.noticeVersion());
 * }</pre>
 *
 * Every call throws a {@link ProblemException} (with the service's problem document) when the service refuses it,
 * and a {@link TransportException} when no answer came.
 */
public final class CamrollClient {

    private final Http http;

    private final Consent consent;

    private final Devices devices;

    private final Sync sync;

    private final Uploads uploads;

    private final Media media;

    private final Suggestions suggestions;

    private final Account account;

    private CamrollClient(Http http) {
        this.http = http;
        this.consent = new Consent(http);
        this.devices = new Devices(http);
        this.sync = new Sync(http);
        this.uploads = new Uploads(http);
        this.media = new Media(http);
        this.suggestions = new Suggestions(http);
        this.account = new Account(http);
    }

    public static Builder builder(String serverUrl) {
        return new Builder(serverUrl);
    }

    /** The service's base URL. */
    public URI server() {
        return http.base();
    }

    /** Purposes, the user's consent state, giving and withdrawing, history and receipts. */
    public Consent consent() {
        return consent;
    }

    /** Registering the app's device. */
    public Devices devices() {
        return devices;
    }

    /** The sync policy, batch manifests and their progress. */
    public Sync sync() {
        return sync;
    }

    /** Resumable uploads of the files a manifest asked for. */
    public Uploads uploads() {
        return uploads;
    }

    /** The user's synced media, previews and thumbnails. */
    public Media media() {
        return media;
    }

    /** Collages, recaps and themes, the changes feed, feedback and occasions. */
    public Suggestions suggestions() {
        return suggestions;
    }

    /** The export of the user's data and the erasure of the account. */
    public Account account() {
        return account;
    }

    /**
     * A token from the embedded mode's local issuer ({@code POST /dev/tokens}), which answers only callers on the
     * same machine that send the content of {@code dev-token.secret} from the service's data directory (the service
     * logs where it is). Production services take tokens from their OIDC provider instead.
     */
    public static String devToken(String serverUrl, String secret, String subject, Duration lifetime) {
        Http anonymous = new Http(base(serverUrl), () -> null, 10_000, 30_000, Builder.USER_AGENT);
        DevToken token = anonymous.json(
                "POST",
                "/dev/tokens",
                Map.of("sub", subject, "ttlSeconds", lifetime.toSeconds()),
                secret == null ? Map.of() : Map.of("X-Dev-Token-Secret", secret.trim()),
                DevToken.class);
        return token.token();
    }

    /** {@link #devToken(String, String, String, Duration)} without the secret: the service answers 403 to it. */
    public static String devToken(String serverUrl, String subject, Duration lifetime) {
        return devToken(serverUrl, null, subject, lifetime);
    }

    private record DevToken(String token) {}

    private static URI base(String serverUrl) {
        String url = serverUrl.endsWith("/") ? serverUrl : serverUrl + "/";
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("the server URL must be http or https: " + serverUrl);
        }
        return uri;
    }

    public static final class Builder {

        static final String USER_AGENT = "camroll-client/0.1";

        private final URI base;

        private Supplier<String> token = () -> null;

        private Duration connectTimeout = Duration.ofSeconds(10);

        private Duration readTimeout = Duration.ofSeconds(60);

        private String userAgent = USER_AGENT;

        private Builder(String serverUrl) {
            this.base = base(Objects.requireNonNull(serverUrl, "serverUrl"));
        }

        /** The bearer token of every call. */
        public Builder token(String token) {
            Objects.requireNonNull(token, "token");
            this.token = () -> token;
            return this;
        }

        /** Asked before every call, for apps that refresh their tokens. */
        public Builder token(Supplier<String> token) {
            this.token = Objects.requireNonNull(token, "token");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** How long a call may wait for bytes of the answer (uploads count per chunk). */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        /** Prefixed to the library's own User-Agent, e.g. {@code "my-app/2.1"}. */
        public Builder userAgent(String product) {
            this.userAgent = product + " " + USER_AGENT;
            return this;
        }

        public CamrollClient build() {
            return new CamrollClient(
                    new Http(base, token, (int) connectTimeout.toMillis(), (int) readTimeout.toMillis(), userAgent));
        }
    }
}
