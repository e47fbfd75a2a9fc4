package dev.camroll.suggestions;

import dev.camroll.api.ProblemType;
import org.springframework.http.HttpStatusCode;

/** The problem types of suggestions. The slugs are part of the contract: never renamed or reused. */
public enum SuggestionProblem implements ProblemType {
    SUGGESTION_DISMISSED("suggestion-dismissed", 409, "The suggestion was dismissed");

    private final String slug;

    private final HttpStatusCode status;

    private final String title;

    SuggestionProblem(String slug, int status, String title) {
        this.slug = slug;
        this.status = HttpStatusCode.valueOf(status);
        this.title = title;
    }

    @Override
    public String slug() {
        return slug;
    }

    @Override
    public HttpStatusCode status() {
        return status;
    }

    @Override
    public String title() {
        return title;
    }
}
