package dev.camroll.identity;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.camroll.api.ProblemException;
import dev.camroll.api.ProblemResponses;
import dev.camroll.api.ProblemType;

import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /dev/tokens}: tokens for local development, only in the embedded default and only for requests
 * whose TCP peer is a loopback address. To everyone else the endpoint does not exist: any method, any body, any
 * content type answers 404, and so does a request that passed a proxy (it carries forwarding headers), because
 * behind a proxy on the same host every client would look local.
 */
@RestController
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

    private static final Set<String> FORWARDING_HEADERS = Set.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Host",
            "X-Real-IP");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record TokenRequest(@NotBlank @Size(max = SecurityConfiguration.MAX_SUBJECT_LENGTH) String sub,
            @Size(max = 10) List<@Pattern(regexp = "[a-z_]{1,32}") String> roles,
            @Min(1) @Max(86_400) Integer ttlSeconds) {
    }

    record TokenResponse(String token, String tokenType, Instant expiresAt) {
    }

    private final LocalIssuer issuer;

    private final Validator validator;

    DevTokenController(LocalIssuer issuer, Validator validator) {
        this.issuer = issuer;
        this.validator = validator;
    }

    // Every method and content type lands here, so nothing about the endpoint shows before the loopback check.
    @RequestMapping("/dev/tokens")
    @ProblemResponses({ProblemType.NOT_FOUND})
    @Operation(summary = "Issue a development token (embedded mode, POST from loopback only)")
    @SecurityRequirements
    TokenResponse issue(HttpServletRequest http) throws IOException {
        if (!fromLoopback(http)) {
            throw ProblemException.notFound("No endpoint " + http.getMethod() + " /dev/tokens; see /v3/api-docs.");
        }
        if (!"POST".equals(http.getMethod())) {
            throw new ProblemException(ProblemType.METHOD_NOT_ALLOWED, "Use POST.");
        }
        TokenRequest request;
        try {
            request = JSON.readValue(http.getInputStream(), TokenRequest.class);
        }
        catch (JacksonException e) {
            throw ProblemException.invalid("body", "The body must be JSON like {\"sub\":\"alice\",\"roles\":[\"support\"]}.");
        }
        Set<ConstraintViolation<TokenRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            ConstraintViolation<TokenRequest> first = violations.iterator().next();
            throw ProblemException.invalid(first.getPropertyPath().toString(),
                    "'" + first.getPropertyPath() + "' " + first.getMessage());
        }
        Duration ttl = Duration.ofSeconds(request.ttlSeconds() == null ? 3600 : request.ttlSeconds());
        List<String> roles = request.roles() == null ? List.of() : request.roles();
        return new TokenResponse(issuer.issue(request.sub(), roles, ttl), "Bearer", Instant.now().plus(ttl));
    }

    private static boolean fromLoopback(HttpServletRequest request) {
        for (String header : FORWARDING_HEADERS) {
            if (request.getHeader(header) != null) {
                return false;
            }
        }
        try {
            return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
        }
        catch (UnknownHostException e) {
            return false;
        }
    }
}
