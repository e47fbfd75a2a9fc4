package dev.camroll.media.internal;

import java.util.Optional;

import dev.camroll.storage.ObjectStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.hamcrest.Matchers.endsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The media API's request validation and problem mapping, without a database: the controller with the security and
 * problem handling of the service. (The upload and support modules' web parts and the filters that need the
 * database stay out of this slice.)
 */
@WebMvcTest(
        controllers = MediaController.class,
        excludeFilters =
                @ComponentScan.Filter(
                        type = FilterType.REGEX,
                        pattern = {
                            "dev\\.camroll\\.(upload|support)\\..*",
                            "dev\\.camroll\\.api\\.(internal\\.)?(IdempotencyFilter|RequestBodyLimitFilter)"
                        }))
class MediaControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    MediaItems items;

    @MockitoBean
    StoredMediaLibrary library;

    @MockitoBean
    ObjectStore store;

    @MockitoBean
    JwtDecoder jwtDecoder;

    @Test
    void aMediaIdThatIsNotAUuidNamesNoMedia() throws Exception {
        mvc.perform(get("/v1/media/not-a-uuid").with(user()))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value(endsWith("/not-found")));
        verifyNoInteractions(items);
    }

    @Test
    void aMediaTheCallerDoesNotHaveIsNotFound() throws Exception {
        given(items.find(any(), any())).willReturn(Optional.empty());

        mvc.perform(get("/v1/media/0190a8f2-0000-7000-8000-000000000001").with(user()))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value(endsWith("/not-found")));
    }

    @Test
    void deletingAMediaTheCallerDoesNotHaveDeletesNothing() throws Exception {
        given(items.find(any(), any())).willReturn(Optional.empty());

        mvc.perform(delete("/v1/media/0190a8f2-0000-7000-8000-000000000001").with(user()))
                .andExpect(status().isNotFound());
        verifyNoInteractions(library);
    }

    @Test
    void aPageLimitAboveTheMaximumIsAnInvalidRequest() throws Exception {
        mvc.perform(get("/v1/media?limit=100000").with(user()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(endsWith("/invalid-request")));
    }

    @Test
    void withoutATokenTheMediaAreUnauthorized() throws Exception {
        mvc.perform(get("/v1/media"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value(endsWith("/unauthorized")));
    }

    private static RequestPostProcessor user() {
        return jwt().jwt(token -> token.subject("alice")).authorities(new SimpleGrantedAuthority("ROLE_user"));
    }
}
