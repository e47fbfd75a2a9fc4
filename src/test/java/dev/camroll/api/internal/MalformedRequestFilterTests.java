package dev.camroll.api.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The strict reading of query strings and of an Accept of nothing but problem types, before any handler runs. */
class MalformedRequestFilterTests {

    @Test
    void aQueryStringIsPercentDecodedStrictlyAndTheBadParameterNamed() {
        assertThat(MalformedRequestFilter.unreadableParameter("limit=5&cursor=abc%3D&q=f%C3%BCr+x"))
                .isEmpty();
        assertThat(MalformedRequestFilter.unreadableParameter("flag&=&a=")).isEmpty();
        assertThat(MalformedRequestFilter.unreadableParameter("limit=5&x=%ZZ")).contains("x");
        assertThat(MalformedRequestFilter.unreadableParameter("x=%C0%AF")).contains("x");
        assertThat(MalformedRequestFilter.unreadableParameter("x=%ED%A0%80")).contains("x");
        assertThat(MalformedRequestFilter.unreadableParameter("userId=a%00b")).contains("userId");
        assertThat(MalformedRequestFilter.unreadableParameter("x=%4")).contains("x");
        assertThat(MalformedRequestFilter.unreadableParameter("%ZZ=1"))
                .as("a name that cannot be shown")
                .contains("query");
    }

    @Test
    void onlyAnAcceptOfNothingButProblemTypesIsRefusedUpFront() {
        assertThat(MalformedRequestFilter.acceptsOnlyProblems("application/problem+json"))
                .isTrue();
        assertThat(MalformedRequestFilter.acceptsOnlyProblems(
                        "application/problem+json, application/problem+xml;q=0.5"))
                .isTrue();
        assertThat(MalformedRequestFilter.acceptsOnlyProblems("application/json, application/problem+json"))
                .isFalse();
        assertThat(MalformedRequestFilter.acceptsOnlyProblems("*/*")).isFalse();
        assertThat(MalformedRequestFilter.acceptsOnlyProblems("")).isFalse();
        assertThat(MalformedRequestFilter.acceptsOnlyProblems(null)).isFalse();
        assertThat(MalformedRequestFilter.acceptsOnlyProblems("not a type")).isFalse();
    }
}
