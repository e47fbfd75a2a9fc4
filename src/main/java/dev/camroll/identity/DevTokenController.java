package dev.camroll.identity;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.camroll.api.ProblemException;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.context.annotation.Conditional;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /dev/tokens}: tokens for local development, only in the embedded default and only for requests
 * from a loopback address; to everyone else the endpoint does not exist (404).
 */
@RestController
@Conditional(LocalIssuerConfiguration.NoIssuerConfigured.class)
class DevTokenController {

    record TokenRequest(@NotBlank @Size(max = SecurityConfiguration.MAX_SUBJECT_LENGTH) String sub,
            @Size(max = 10) List<@Pattern(regexp = "[a-z_]{1,32}") String> roles,
            @Min(1) @Max(86_400) Integer ttlSeconds) {
    }

    record TokenResponse(String token, String tokenType, Instant expiresAt) {
    }

    private final LocalIssuer issuer;

    DevTokenController(LocalIssuer issuer) {
        this.issuer = issuer;
    }

    @PostMapping("/dev/tokens")
    @Operation(summary = "Issue a development token (embedded mode, loopback only)")
    @SecurityRequirements
    TokenResponse issue(HttpServletRequest http, @Valid @RequestBody TokenRequest request) {
        if (!fromLoopback(http)) {
            throw ProblemException.notFound("No such endpoint.");
        }
        Duration ttl = Duration.ofSeconds(request.ttlSeconds() == null ? 3600 : request.ttlSeconds());
        List<String> roles = request.roles() == null ? List.of() : request.roles();
        return new TokenResponse(issuer.issue(request.sub(), roles, ttl), "Bearer", Instant.now().plus(ttl));
    }

    private static boolean fromLoopback(HttpServletRequest request) {
        try {
            return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
        }
        catch (UnknownHostException e) {
            return false;
        }
    }
}
