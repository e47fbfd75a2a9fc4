package dev.camroll.identity.internal;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.camroll.api.CommonProblem;
import dev.camroll.api.Problems;
import dev.camroll.api.StorableText;
import dev.camroll.identity.Caller;
import dev.camroll.identity.RolesClaim;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The API is an OAuth2 resource server: every request carries a bearer JWT unless listed as public below.
 * Sessions and CSRF are off because nothing here is authenticated by a cookie.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration implements WebMvcConfigurer {

    static final int MAX_SUBJECT_LENGTH = 128;

    static final String UPLOAD_SLOTS = "/v1/upload-slots/**";

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http) throws Exception {
        AuthenticationEntryPoint unauthorized = problemEntryPoint();
        AccessDeniedHandler forbidden = problemAccessDenied();
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers("/v1/consent/receipts/jwks.json", "/dev/tokens")
                        .permitAll()
                        // the transparency log is public by design: anyone may mirror and audit it
                        .requestMatchers(HttpMethod.GET, "/v1/consent/log/**")
                        .permitAll()
                        // tus discovery (OPTIONS) tells only the server's capabilities
                        .requestMatchers(HttpMethod.OPTIONS, "/v1/uploads", "/v1/uploads/*")
                        .permitAll()
                        // upload slots carry their own authority over one upload (the upload module checks it)
                        .requestMatchers(UPLOAD_SLOTS)
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers(
                                "/v3/api-docs",
                                "/v3/api-docs/**",
                                "/v3/api-docs.yaml",
                                "/swagger-ui.html",
                                "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .hasRole(Caller.ADMIN)
                        .requestMatchers("/v1/support/access-log")
                        .hasRole(Caller.ADMIN)
                        .requestMatchers("/v1/support/**")
                        .hasRole(Caller.SUPPORT)
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenResolver(bearerTokenOutsideUploadSlots())
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(new RolesClaimConverter()))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
        return http.build();
    }

    /**
     * Checks every token's {@code sub} and that it has an {@code exp} (a token without one would be good forever);
     * both decoders, the local issuer's and the external issuer's, add it.
     */
    @Bean
    OAuth2TokenValidator<Jwt> claimsValidator() {
        return jwt -> {
            String subject = jwt.getSubject();
            // a sub PostgreSQL cannot store (NUL, an unpaired surrogate) would fail every statement as a 500
            if (subject == null
                    || subject.isBlank()
                    || subject.length() > MAX_SUBJECT_LENGTH
                    || !StorableText.isStorable(subject)) {
                return OAuth2TokenValidatorResult.failure(
                        new OAuth2Error("invalid_token", "the token's sub must be 1 to 128 characters", null));
            }
            if (jwt.getExpiresAt() == null) {
                return OAuth2TokenValidatorResult.failure(
                        new OAuth2Error("invalid_token", "the token has no exp", null));
            }
            return OAuth2TokenValidatorResult.success();
        };
    }

    /**
     * A request to an upload slot is served by the slot alone: a bearer token sent along (a background job's request
     * made when the app's token was fresh) is not looked at, so an expired one does not turn it into a 401.
     */
    private static BearerTokenResolver bearerTokenOutsideUploadSlots() {
        DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();
        PathPatternRequestMatcher slots =
                PathPatternRequestMatcher.withDefaults().matcher(UPLOAD_SLOTS);
        return request -> slots.matches(request) ? null : bearer.resolve(request);
    }

    private static AuthenticationEntryPoint problemEntryPoint() {
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        return (HttpServletRequest request, HttpServletResponse response, AuthenticationException e) -> {
            if (e instanceof IssuerUnavailableException unavailable) {
                response.setHeader(
                        "Retry-After", String.valueOf(unavailable.retryAfter().toSeconds()));
                writeProblem(
                        response,
                        CommonProblem.SERVICE_UNAVAILABLE,
                        "The token cannot be checked now: the identity provider's keys are not reachable. Retry later.");
                return;
            }
            bearer.commence(request, response, e); // sets WWW-Authenticate per RFC 6750
            String detail = request.getHeader("Authorization") == null
                    ? "This endpoint needs a bearer token (Authorization: Bearer <JWT>)."
                    : "The bearer token is not valid: wrong signature, issuer or audience, expired or without exp, "
                            + "or malformed.";
            writeProblem(response, CommonProblem.UNAUTHORIZED, detail);
        };
    }

    private static AccessDeniedHandler problemAccessDenied() {
        BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
        return (request, response, e) -> {
            bearer.handle(request, response, e);
            writeProblem(response, CommonProblem.FORBIDDEN, "Your roles do not allow this request.");
        };
    }

    private static void writeProblem(HttpServletResponse response, CommonProblem type, String detail)
            throws IOException {
        Problems.write(response, Problems.of(type, detail));
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerResolver());
    }

    /** Every authenticated subject is a {@code user}; the {@code roles} claim adds roles ({@link RolesClaim}). */
    static final class RolesClaimConverter implements Converter<Jwt, AbstractAuthenticationToken> {

        @Override
        public AbstractAuthenticationToken convert(Jwt jwt) {
            return new JwtAuthenticationToken(jwt, RolesClaim.authorities(jwt.getClaims()), jwt.getSubject());
        }
    }

    static final class CallerResolver implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == Caller.class;
        }

        @Override
        public Caller resolveArgument(
                MethodParameter parameter,
                ModelAndViewContainer container,
                NativeWebRequest request,
                WebDataBinderFactory binderFactory) {
            if (!(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token)) {
                throw new IllegalStateException("no bearer token on a request that needs a caller");
            }
            Set<String> roles = new TreeSet<>();
            token.getAuthorities().forEach(a -> roles.add(a.getAuthority().substring("ROLE_".length())));
            return new Caller(token.getName(), Collections.unmodifiableSet(roles));
        }
    }
}
