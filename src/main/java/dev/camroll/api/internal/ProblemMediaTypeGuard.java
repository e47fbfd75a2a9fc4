package dev.camroll.api.internal;

import dev.camroll.api.CommonProblem;
import dev.camroll.api.ProblemException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * A success is never labelled {@code application/problem+json}: the JSON converter writes any
 * {@code application/*+json}, so a client that accepts only problem documents would get a success dressed as one.
 * It gets {@code 406 not-acceptable} instead, as for any media type the operation cannot produce: up front in
 * {@link MalformedRequestFilter} when it accepts nothing but problems, here for a read whose negotiation still chose a
 * problem type.
 */
@RestControllerAdvice
class ProblemMediaTypeGuard implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType selectedContentType,
            Class<? extends HttpMessageConverter<?>> selectedConverterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        // only a body is labelled; an empty answer (204, a 201 with a Location) has done its work already
        // a write that got here has made its change: it keeps its answer (MalformedRequestFilter refuses up front)
        boolean safe = request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD;
        if (safe && body != null && !(body instanceof ProblemDetail) && isProblemType(selectedContentType)) {
            // thrown before anything is written, so the exception handler still answers
            throw new ProblemException(
                    CommonProblem.NOT_ACCEPTABLE,
                    "This operation answers " + MediaType.APPLICATION_JSON
                            + " on success; application/problem+json is only for errors. Accept application/json too.");
        }
        return body;
    }

    static boolean isProblemType(MediaType type) {
        return type != null && type.getSubtype().startsWith("problem+");
    }
}
