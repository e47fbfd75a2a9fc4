package dev.camroll.support.internal;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/** The console's sign-in page (the form, or a link per identity provider) and its page for refused requests. */
@Controller
class ConsoleSignInController {

    /** An identity provider staff can sign in with. */
    record Provider(String name, String href) {}

    private final ObjectProvider<ClientRegistrationRepository> oidcClients;

    ConsoleSignInController(ObjectProvider<ClientRegistrationRepository> oidcClients) {
        this.oidcClients = oidcClients;
    }

    @GetMapping(ConsoleSecurity.SIGN_IN)
    String signIn(Model model) {
        List<Provider> providers = new ArrayList<>();
        if (oidcClients.getIfAvailable() instanceof Iterable<?> registrations) {
            for (Object each : registrations) {
                ClientRegistration registration = (ClientRegistration) each;
                providers.add(new Provider(
                        registration.getClientName(),
                        ConsoleSecurity.OIDC_AUTHORIZATION + "/" + registration.getRegistrationId()));
            }
        }
        model.addAttribute("providers", providers);
        return "support/sign-in";
    }

    /**
     * A sign-in attempt that was refused before its password was checked: too many failed ones ({@code 429} with
     * {@code Retry-After}), or the attempts could not be counted ({@code 503}). Reached only by a forward.
     */
    @RequestMapping(ConsoleSecurity.SIGN_IN_REFUSED)
    String signInRefused(HttpServletRequest request, HttpServletResponse response, Model model) {
        if (request.getAttribute(ConsoleSignIn.REFUSAL) instanceof ConsoleSignIn.Throttled throttled) {
            long seconds = throttled.retryAfter().toSeconds();
            long minutes = Math.max(1, (seconds + 59) / 60);
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            model.addAttribute("title", "Too many failed sign-ins");
            model.addAttribute(
                    "detail",
                    "Sign-in is paused here after too many failed attempts from your network. "
                            + "Try again in " + minutes + (minutes == 1 ? " minute" : " minutes") + ". No account is "
                            + "locked: this pause applies only to sign-ins from your network.");
        } else {
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, "60");
            model.addAttribute("title", "Sign-in is unavailable");
            model.addAttribute("detail", "Sign-in is not possible right now. Try again in a minute.");
        }
        return "support/problem";
    }

    /** Shown for a missing role and for a form whose CSRF token is missing or stale (e.g. after a timeout). */
    @RequestMapping(ConsoleSecurity.FORBIDDEN)
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String forbidden() {
        return "support/forbidden";
    }
}
