package dev.camroll.suggestions;

import dev.camroll.api.ProblemType;

/** The problem types of suggestions. The slugs are part of the contract: never renamed or reused. */
public enum SuggestionProblem implements ProblemType {
    SUGGESTION_DISMISSED("suggestion-dismissed", 409, "The suggestion was dismissed");

    private final Definition definition;

    SuggestionProblem(String slug, int status, String title) {
        this.definition = new Definition(slug, status, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
