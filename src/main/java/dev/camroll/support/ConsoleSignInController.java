package dev.camroll.support;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
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
    record Provider(String name, String href) {
    }

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
                providers.add(new Provider(registration.getClientName(),
                        ConsoleSecurity.OIDC_AUTHORIZATION + "/" + registration.getRegistrationId()));
            }
        }
        model.addAttribute("providers", providers);
        return "support/sign-in";
    }

    /** Shown for a missing role and for a form whose CSRF token is missing or stale (e.g. after a timeout). */
    @RequestMapping(ConsoleSecurity.FORBIDDEN)
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String forbidden() {
        return "support/forbidden";
    }
}
