package dev.camroll.identity.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.camroll.api.CommonProblem;
import dev.camroll.api.Examples;
import dev.camroll.api.ProblemException;
import dev.camroll.api.ProblemResponses;
import dev.camroll.api.StorableText;
import dev.camroll.runtime.CamrollSettings;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /dev/tokens}: tokens for local development, only in the embedded default. To a request whose TCP
 * peer is not a loopback address, or that passed a proxy (it carries forwarding headers), the endpoint does not
 * exist: any method, body or content type answers 404. A local request must also name this service in its
 * {@code Host} ({@code 421} otherwise: a page whose DNS name was rebound to 127.0.0.1 gets nothing) and carry the
 * secret from {@code {data-dir}/dev-token.secret} ({@code 403} otherwise), because behind a same-host proxy that
 * adds no header every client looks local (ADR 0010).
 */
@RestController
@Tag(name = "dev", description = "The embedded mode's local token issuer; absent when an OIDC issuer is configured")
@Conditional({LocalIssuerConfiguration.NoIssuerConfigured.class, DevTokenController.NotBehindAProxy.class})
class DevTokenController {

    /**
     * Off where Spring Boot trusts forwarded client addresses (a forward-headers strategy, or a detected cloud
     * platform such as Kubernetes, where Tomcat's RemoteIpValve is on): there a peer's claimed address is not proof.
     */
    static class NotBehindAProxy implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String strategy = context.getEnvironment().getProperty("server.forward-headers-strategy", "none");
            return "none".equalsIgnoreCase(strategy) && CloudPlatform.getActive(context.getEnvironment()) == null;
        }
    }

    private static final Set<String> FORWARDING_HEADERS =
            Set.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    // No @Nullable on the components, though a body may omit them (validated below): swagger-core would document
    // them as nullable, and the API document stays as it is.
    record TokenRequest(
            @NotBlank @Size(max = SecurityConfiguration.MAX_SUBJECT_LENGTH)
            String sub,

            @Size(max = 10) List<@Pattern(regexp = "[a-z_]{1,32}") String> roles,
            @Min(1) @Max(86_400) Integer ttlSeconds) {}

    record TokenResponse(String token, String tokenType, Instant expiresAt) {}

    /** The names this service has on loopback; any other {@code Host} addresses someone else. */
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    private final LocalIssuer issuer;

    private final Validator validator;

    private final DevTokenSecret secret;

    DevTokenController(LocalIssuer issuer, Validator validator, CamrollSettings settings) {
        this.issuer = issuer;
        this.validator = validator;
        this.secret = DevTokenSecret.create(settings.dataDir());
    }

    /** The file whose content a caller must send; the start-up log names it. */
    Path secretFile() {
        return secret.file();
    }

    // Every content type lands here, so nothing about the endpoint shows before the loopback check.
    @PostMapping("/dev/tokens")
    @Examples(request = DevTokenExamples.TOKEN_REQUEST, response = DevTokenExamples.TOKEN)
    @Operation(
            operationId = "issueDevToken",
            summary = "Issue a development token (embedded mode only: POST from loopback with the secret)",
            description = """
                    Exists only in the embedded mode (no issuer configured). Answers `404 not-found` to any request \
                    whose TCP peer is not a loopback address or that carries a forwarding header \
                    (`Forwarded`, `X-Forwarded-For`, `X-Forwarded-Host`, `X-Real-IP`); `421 misdirected-request` \
                    when `Host` is not `localhost`, `127.0.0.1` or `[::1]` (any port); `403 forbidden` without \
                    header `X-Dev-Token-Secret` holding the content of `dev-token.secret` in the data directory \
                    (written anew, owner-only, at every start; the start-up log names it). \
                    Body: `{"sub":"alice","roles":["support"],"ttlSeconds":3600}`.""")
    @Parameter(
            in = ParameterIn.HEADER,
            name = DevTokenSecret.HEADER,
            required = true,
            description = "The content of `{data-dir}/dev-token.secret`.",
            schema = @Schema(type = "string"))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TokenRequest.class)))
    @ApiResponse(
            responseCode = "200",
            description = "The token.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TokenResponse.class)))
    @ProblemResponses({"forbidden", "not-found", "misdirected-request"})
    @SecurityRequirements
    TokenResponse issue(HttpServletRequest http) throws IOException {
        if (!fromLoopback(http)) {
            throw ProblemException.notFound("No endpoint " + http.getMethod() + " /dev/tokens; see /v3/api-docs.");
        }
        if (!addressedToUs(http.getHeader("Host"))) {
            throw new ProblemException(
                    CommonProblem.MISDIRECTED_REQUEST,
                    "/dev/tokens answers only requests for localhost, 127.0.0.1 or [::1].");
        }
        if (!secret.matches(http.getHeader(DevTokenSecret.HEADER))) {
            throw new ProblemException(
                    CommonProblem.FORBIDDEN,
                    "Send header " + DevTokenSecret.HEADER
                            + " with the content of the file " + DevTokenSecret.FILE_NAME
                            + " in the service's data directory (its start-up log names the file).");
        }
        if (!"POST".equals(http.getMethod())) {
            throw new ProblemException(CommonProblem.METHOD_NOT_ALLOWED, "Use POST.");
        }
        TokenRequest request;
        try {
            request = JSON.readValue(http.getInputStream(), TokenRequest.class);
        } catch (JacksonException e) {
            throw ProblemException.invalid(
                    "body", "The body must be JSON like {\"sub\":\"alice\",\"roles\":[\"support\"]}.");
        }
        Set<ConstraintViolation<TokenRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            ConstraintViolation<TokenRequest> first = violations.iterator().next();
            throw ProblemException.invalid(
                    first.getPropertyPath().toString(), "'" + first.getPropertyPath() + "' " + first.getMessage());
        }
        StorableText.require("sub", request.sub()); // a token whose sub the database cannot store is useless
        Duration ttl = Duration.ofSeconds(request.ttlSeconds() == null ? 3600 : request.ttlSeconds());
        List<String> roles = request.roles() == null ? List.of() : request.roles();
        return new TokenResponse(
                issuer.issue(request.sub(), roles, ttl), "Bearer", Instant.now().plus(ttl));
    }

    /** Other methods: the same checks first (so a remote caller sees 404), then 405. */
    @RequestMapping("/dev/tokens")
    @Hidden
    TokenResponse otherMethods(HttpServletRequest http) throws IOException {
        return issue(http);
    }

    /** Whether {@code host} (a Host header: name, optional port) is one of this service's loopback names. */
    static boolean addressedToUs(@Nullable String host) {
        if (host == null) {
            return false;
        }
        String name = host.strip().toLowerCase(Locale.ROOT);
        int portAt = name.startsWith("[") ? name.indexOf(']') + 1 : name.indexOf(':');
        if (portAt > 0 && portAt < name.length()) {
            String port = name.substring(portAt);
            if (!port.matches(":[0-9]{1,5}")) {
                return false;
            }
            name = name.substring(0, portAt);
        }
        return LOCAL_HOSTS.contains(name);
    }

    private static boolean fromLoopback(HttpServletRequest request) {
        for (String header : FORWARDING_HEADERS) {
            if (request.getHeader(header) != null) {
                return false;
            }
        }
        try {
            return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
