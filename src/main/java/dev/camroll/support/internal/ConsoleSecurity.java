package dev.camroll.support.internal;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import dev.camroll.identity.Caller;
import dev.camroll.identity.RolesClaim;
import dev.camroll.support.SupportSettings;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.core.user.OAuth2UserAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.NullRequestCache;

/**
 * The support console's own security, apart from the API's: a browser session with its own sign-in (the staff
 * accounts of {@code camroll.support.staff}, or OIDC when a client registration is configured), CSRF protection,
 * and headers that keep personal data out of caches and frames. API bearer tokens are not read here at all, so
 * a token never opens the console; the API's stateless chain is untouched.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

    static final String SIGN_IN = "/support/sign-in";

    static final String SIGN_OUT = "/support/sign-out";

    static final String FORBIDDEN = "/support/forbidden";

    /** Where a refused sign-in attempt is forwarded to (it cannot be requested directly: it needs a sign-in). */
    static final String SIGN_IN_REFUSED = "/support/sign-in/refused";

    /** Where an identity provider sends staff back to; its client registration's redirect-uri must point here. */
    static final String OIDC_CALLBACK = "/support/login/oauth2/code/";

    static final String OIDC_AUTHORIZATION = "/support/oauth2/authorization";

    /**
     * The pages are server-rendered and work without JavaScript, so none may run, and nothing but the console's
     * own stylesheet may load; forms post only back to the console, and no other site may frame a page.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static final Logger log = LoggerFactory.getLogger(ConsoleSecurity.class);

    @Bean
    @Order(1) // before the API's chain, which matches every request
    SecurityFilterChain consoleFilterChain(
            HttpSecurity http,
            SupportSettings settings,
            ObjectProvider<ClientRegistrationRepository> oidcClients,
            ConsoleSignInThrottle throttle,
            ClientAddresses addresses)
            throws Exception {
        http.securityMatcher("/support", "/support/**")
                .authorizeHttpRequests(requests -> requests
                        // the forbidden page is forwarded to, and errors render, after the decision was made
                        .dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(SIGN_IN, "/support/assets/**")
                        .permitAll()
                        .requestMatchers("/support/access-log")
                        .hasRole(Caller.ADMIN)
                        .requestMatchers("/support", "/support/")
                        .hasAnyRole(Caller.SUPPORT, Caller.ADMIN)
                        .anyRequest()
                        .hasRole(Caller.SUPPORT))
                // No session before sign-in (a flood of anonymous requests must not fill the memory): the sign-in
                // form's
                // CSRF token lives in a cookie until then, and a request that needed a sign-in is not kept to return to
                // (staff start at the console's home; its pages are POSTs anyway).
                .csrf(csrf -> csrf.csrfTokenRepository(new ConsoleCsrfTokens()))
                .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
                // Spring Security's default Cache-Control (no-cache, no-store, max-age=0, must-revalidate) stays on for
                // every console response: the pages hold personal data.
                .exceptionHandling(exceptions -> exceptions.accessDeniedPage(FORBIDDEN))
                .logout(logout -> logout.logoutUrl(SIGN_OUT).logoutSuccessUrl(SIGN_IN + "?signed-out"));
        AuthenticationSuccessHandler signedIn = signedIn(settings);
        ClientRegistrationRepository clients = oidcClients.getIfAvailable();
        if (clients != null) {
            checkRedirectUris(clients);
            if (!settings.staff().isEmpty()) {
                log.warn("camroll.support.staff is ignored: the support console signs staff in with OIDC");
            }
            // The identity provider throttles its own sign-in; only the form below is ours to guard.
            http.oauth2Login(login -> login.loginPage(SIGN_IN)
                    .authorizationEndpoint(authorization -> authorization.baseUri(OIDC_AUTHORIZATION))
                    .loginProcessingUrl(OIDC_CALLBACK + "*")
                    .userInfoEndpoint(userInfo -> userInfo.userAuthoritiesMapper(rolesFromClaims()))
                    .successHandler(signedIn)
                    .failureUrl(SIGN_IN + "?error"));
        } else {
            if (settings.staff().isEmpty()) {
                log.info("The support console (/support) has no staff accounts. Add one with camroll.support.staff[0]"
                        + ".username, .password ({bcrypt} hash) and .roles (support, admin): see docs/operations.md");
            }
            ProviderManager staffAccounts = new ProviderManager(
                    StaffAccounts.provider(settings.staff(), StaffAccounts.passwords(settings.staff())));
            http.authenticationManager(new ConsoleSignIn(staffAccounts, throttle))
                    .formLogin(form -> form.loginPage(SIGN_IN)
                            .loginProcessingUrl(SIGN_IN)
                            .usernameParameter("username")
                            .passwordParameter("password")
                            .authenticationDetailsSource(ConsoleSignIn.details(addresses))
                            .successHandler(signedIn)
                            .failureHandler(ConsoleSignIn.failures(SIGN_IN + "?error", SIGN_IN_REFUSED)));
        }
        return http.build();
    }

    /** After sign-in the session gets the console's idle timeout, then staff go where they were headed. */
    private static AuthenticationSuccessHandler signedIn(SupportSettings settings) {
        SavedRequestAwareAuthenticationSuccessHandler onwards = new SavedRequestAwareAuthenticationSuccessHandler();
        onwards.setRequestCache(new NullRequestCache());
        onwards.setDefaultTargetUrl("/support");
        int timeout = (int) settings.sessionTimeout().toSeconds();
        return (HttpServletRequest request, HttpServletResponse response, Authentication authentication) -> {
            request.getSession().setMaxInactiveInterval(timeout);
            try {
                onwards.onAuthenticationSuccess(request, response, authentication);
            } catch (ServletException e) {
                throw new IOException(e);
            }
        };
    }

    /** Staff roles come from the identity provider's {@code roles} claim, read as the API reads its tokens. */
    static GrantedAuthoritiesMapper rolesFromClaims() {
        return (Collection<? extends GrantedAuthority> authorities) -> {
            Map<String, Object> claims = new HashMap<>();
            for (GrantedAuthority authority : authorities) {
                if (authority instanceof OidcUserAuthority oidc) {
                    claims.putAll(oidc.getIdToken().getClaims());
                    if (oidc.getUserInfo() != null) {
                        claims.putAll(oidc.getUserInfo().getClaims());
                    }
                } else if (authority instanceof OAuth2UserAuthority user) {
                    claims.putAll(user.getAttributes());
                }
            }
            return RolesClaim.authorities(claims);
        };
    }

    /** The sign-in lives under /support (its cookie too), so staff must come back there. */
    private static void checkRedirectUris(ClientRegistrationRepository clients) {
        if (clients instanceof Iterable<?> registrations) {
            for (Object each : registrations) {
                ClientRegistration registration = (ClientRegistration) each;
                if (!registration.getRedirectUri().contains(OIDC_CALLBACK)) {
                    throw new IllegalStateException("spring.security.oauth2.client.registration."
                            + registration.getRegistrationId() + ".redirect-uri must be {baseUrl}" + OIDC_CALLBACK
                            + "{registrationId}: the support console's sign-in lives under /support");
                }
            }
        }
    }
}
