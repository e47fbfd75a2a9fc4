package dev.camroll.api.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;

import dev.camroll.api.CommonProblem;
import dev.camroll.api.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The one place problems become HTTP, in a web slice: a {@link ProblemException} with its members and retry delay,
 * and the framework's refusals, each as a problem document of the right type naming the offending field.
 */
@WebMvcTest(useDefaultFilters = false)
@AutoConfigureMockMvc(addFilters = false)
@Import({ProblemMapping.class, ProblemHandlerTests.Failing.class})
class ProblemHandlerTests {

    /** Endpoints that fail in the ways the mapping must handle. */
    @RestController
    static class Failing {

        record Note(@NotBlank String text, int copies) {}

        @GetMapping("/test/purging")
        String purging() {
            throw new ProblemException(CommonProblem.SERVICE_UNAVAILABLE, "A purge of your data is running.")
                    .with("purgeId", "purge-1")
                    .with("queued", 3)
                    .retryAfter(Duration.ofMillis(1500));
        }

        @GetMapping("/test/notes")
        Note notes(@RequestParam @Min(1) @Max(200) int limit) {
            return new Note("note", limit);
        }

        @PostMapping("/test/notes")
        Note add(@Valid @RequestBody Note note) {
            return note;
        }

        @GetMapping("/test/busy")
        String busy() {
            throw new PessimisticLockingFailureException("lock timeout for user secret-user");
        }

        @GetMapping("/test/store-down")
        String storeDown() {
            throw new UncheckedIOException(new IOException(
                    "cannot store u/secret-key/original/1", new ConnectException("Connection refused")));
        }

        @GetMapping("/test/broken")
        String broken() {
            throw new IllegalStateException("the secret connection string");
        }
    }

    @Autowired
    MockMvc mvc;

    @Test
    void aProblemExceptionIsADocumentWithItsMembersAndRetryAfterInWholeSecondsRoundedUp() throws Exception {
        mvc.perform(get("/test/purging"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("Retry-After", "2"))
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/service-unavailable"))
                .andExpect(jsonPath("$.title").value("Service unavailable"))
                .andExpect(jsonPath("$.status").value(503))
                .andExpect(jsonPath("$.detail").value("A purge of your data is running."))
                .andExpect(jsonPath("$.purgeId").value("purge-1"))
                .andExpect(jsonPath("$.queued").value(3));
    }

    @Test
    void aProblemIsLabelledAsOneWhateverTheRequestAccepts() throws Exception {
        mvc.perform(get("/test/purging").accept(MediaType.IMAGE_PNG))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.purgeId").value("purge-1"));
    }

    @Test
    void aMissingQueryParameterIsAnInvalidRequestNamingIt() throws Exception {
        mvc.perform(get("/test/notes"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/invalid-request"))
                .andExpect(jsonPath("$.field").value("limit"))
                .andExpect(jsonPath("$.detail").value("Query parameter 'limit' is required."));
    }

    @Test
    void aParameterOfTheWrongTypeOrOutOfRangeIsAnInvalidRequestNamingIt() throws Exception {
        mvc.perform(get("/test/notes").param("limit", "many"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/invalid-request"))
                .andExpect(jsonPath("$.field").value("limit"));
        mvc.perform(get("/test/notes").param("limit", "0"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/invalid-request"))
                .andExpect(jsonPath("$.field").value("limit"));
        mvc.perform(get("/test/notes").param("limit", "5")).andExpect(status().isOk());
    }

    @Test
    void anInvalidBodyIsAnInvalidRequestNamingTheField() throws Exception {
        mvc.perform(post("/test/notes")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"text\":\" \",\"copies\":1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/invalid-request"))
                .andExpect(jsonPath("$.field").value("text"));
        mvc.perform(post("/test/notes")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"text\":\"hello\",\"copies\":\"many\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("copies"))
                .andExpect(jsonPath("$.detail")
                        .value("Field 'copies' has a value of the wrong type or an unknown value."));
        mvc.perform(post("/test/notes").contentType(MediaType.APPLICATION_JSON).content("{\"text\":"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("The body is not valid JSON of the expected shape."));
    }

    @Test
    void textTheDatabaseCannotStoreIsRefusedNamingTheFieldWithoutEchoingIt() throws Exception {
        mvc.perform(post("/test/notes")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"text\":\"a\\u0000b\",\"copies\":1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/invalid-request"))
                .andExpect(jsonPath("$.field").value("text"))
                .andExpect(jsonPath("$.detail").value(containsString("NUL")));
    }

    @Test
    void theFrameworksRefusalsGetTheirSlugs() throws Exception {
        mvc.perform(post("/test/purging"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/method-not-allowed"))
                .andExpect(jsonPath("$.title").value("Method not allowed"));
        mvc.perform(post("/test/notes").contentType(MediaType.TEXT_PLAIN).content("hello"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/unsupported-media-type"));
        mvc.perform(get("/test/nothing-here"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/not-found"));
        mvc.perform(get("/test/notes").param("limit", "5").accept(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(status().isNotAcceptable())
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/not-acceptable"));
    }

    @Test
    void aLockThatGaveUpIsServiceUnavailableForAMoment() throws Exception {
        mvc.perform(get("/test/busy"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/service-unavailable"))
                .andExpect(jsonPath("$.detail").value(not(containsString("secret-user"))));
    }

    @Test
    void anOutageOfTheStoreIsServiceUnavailableWithARetryAfterNotAnInternalError() throws Exception {
        mvc.perform(get("/test/store-down"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/service-unavailable"))
                .andExpect(jsonPath("$.detail").value(not(containsString("secret"))));
    }

    @Test
    void anUnexpectedFailureIsAnInternalErrorThatKeepsItsMessageInTheLog() throws Exception {
        mvc.perform(get("/test/broken"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/internal-error"))
                .andExpect(jsonPath("$.detail").value(not(containsString("secret"))));
    }
}
