package dev.camroll.api;

import java.net.URI;

import org.springframework.http.HttpStatusCode;

/**
 * A kind of problem the API answers with, as an RFC 9457 document. Each module declares its own as an enum next to
 * its code ({@link CommonProblem} holds those of requests as such). The slugs are part of the contract: clients switch
 * on them, so a slug is never renamed or reused for another meaning, and two types never share one.
 */
public interface ProblemType {

    /** Problem type URIs are this base plus the slug. */
    String BASE_URI = "https://camroll.dev/problems/";

    /**
     * What a type is: the last segment of its URI (e.g. {@code consent-required}), the status a problem of the type
     * answers with, and the short, fixed summary that goes in the document's {@code title}.
     */
    record Definition(String slug, HttpStatusCode status, String title) {

        public Definition(String slug, int status, String title) {
            this(slug, HttpStatusCode.valueOf(status), title);
        }
    }

    /** This type's slug, status and title; an enum of problem types keeps one per constant. */
    Definition definition();

    /** The last segment of the type URI, e.g. {@code consent-required}. */
    default String slug() {
        return definition().slug();
    }

    /** The status a problem of this type answers with. */
    default HttpStatusCode status() {
        return definition().status();
    }

    /** The short, fixed summary that goes in the document's {@code title}. */
    default String title() {
        return definition().title();
    }

    /** The type URI: {@link #BASE_URI} plus the slug. */
    default URI uri() {
        return URI.create(BASE_URI + slug());
    }
}
