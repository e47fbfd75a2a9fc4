package dev.camroll.support.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.web.util.WebUtils;

/**
 * Where the console keeps its CSRF token: in the session once there is one (from sign-in on), and until then in a
 * cookie. An anonymous client (the sign-in form, a refused page) thus never makes the server keep a session: a
 * flood of them costs no memory. A signed-in session only ever accepts its session's token, so a cookie planted from
 * a sibling domain (the weakness of a cookie-only token) can at most forge a sign-in attempt, never a look-up.
 */
final class ConsoleCsrfTokens implements CsrfTokenRepository {

    static final String COOKIE = "camroll-support-csrf";

    private final HttpSessionCsrfTokenRepository sessions = new HttpSessionCsrfTokenRepository();

    private final CookieCsrfTokenRepository cookies = new CookieCsrfTokenRepository();

    ConsoleCsrfTokens() {
        cookies.setCookieName(COOKIE);
        cookies.setCookiePath("/support");
        cookies.setCookieCustomizer(cookie -> cookie.httpOnly(true).sameSite("Strict"));
    }

    @Override
    public CsrfToken generateToken(HttpServletRequest request) {
        return signedIn(request) ? sessions.generateToken(request) : cookies.generateToken(request);
    }

    @Override
    public void saveToken(@Nullable CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
        if (token == null) {
            sessions.saveToken(null, request, response); // removes it from a session; creates none
            if (WebUtils.getCookie(request, COOKIE) != null) {
                cookies.saveToken(null, request, response);
            }
        } else if (signedIn(request)) {
            sessions.saveToken(token, request, response);
        } else {
            cookies.saveToken(token, request, response);
        }
    }

    @Override
    public @Nullable CsrfToken loadToken(HttpServletRequest request) {
        return signedIn(request) ? sessions.loadToken(request) : cookies.loadToken(request);
    }

    /** Only a sign-in creates a console session. */
    private static boolean signedIn(HttpServletRequest request) {
        return request.getSession(false) != null;
    }
}
