package dev.camroll.api.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.camroll.api.CommonProblem;
import dev.camroll.api.ProblemResponses;
import dev.camroll.api.ProblemType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Controller;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one list of problem types, gathered from the enums every module declares next to its code. */
class ProblemCatalogTests {

    /** A problem type made up for a test; a record, so the catalog's scan of enums never finds it. */
    record MadeUp(String slug, HttpStatusCode status, String title) implements ProblemType {

        MadeUp(String slug) {
            this(slug, HttpStatusCode.valueOf(409), "Made up");
        }

        @Override
        public Definition definition() {
            return new Definition(slug, status, title);
        }
    }

    @Test
    void theCatalogHoldsTheProblemTypesOfEveryModuleWithTheCommonOnesFirst() {
        List<ProblemType> all = ProblemCatalog.get().all();

        Set<String> enums =
                all.stream().map(type -> type.getClass().getSimpleName()).collect(Collectors.toSet());
        assertThat(enums)
                .contains(
                        "CommonProblem",
                        "ConsentProblem",
                        "SupportProblem",
                        "SuggestionProblem",
                        "SyncProblem",
                        "UploadProblem");
        assertThat(all.subList(0, CommonProblem.values().length)).containsExactly(CommonProblem.values());
        assertThat(ProblemCatalog.get().find("access-reason-required"))
                .get()
                .extracting(ProblemType::title)
                .isEqualTo("Support access needs a reason of at least 10 characters");
        assertThat(ProblemCatalog.get().find("consent-required")).isPresent();
        assertThat(all).extracting(ProblemType::slug).doesNotHaveDuplicates();
    }

    @Test
    void anUnknownSlugIsRefusedAsAProgrammingError() {
        assertThat(ProblemCatalog.get().find("no-such-problem")).isEmpty();
        assertThatThrownBy(() -> ProblemCatalog.get().require("no-such-problem"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'no-such-problem'");
        assertThat(ProblemCatalog.get().require("not-found")).isEqualTo(CommonProblem.NOT_FOUND);
    }

    @Test
    void twoTypesWithOneSlugAreRefused() {
        MadeUp first = new MadeUp("dispute");
        MadeUp second = new MadeUp("dispute");

        assertThatThrownBy(() -> ProblemCatalog.of(List.of(first, new MadeUp("other"), second)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two problem types have the slug 'dispute'");
        assertThat(ProblemCatalog.of(List.of(first, new MadeUp("other"))).all())
                .containsExactly(first, new MadeUp("other"));
    }

    @Test
    void everySlugAnEndpointDeclaresIsInTheCatalog() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new org.springframework.core.type.filter.AnnotationTypeFilter(Controller.class));
        List<String> declared = new ArrayList<>();
        for (BeanDefinition found : scanner.findCandidateComponents("dev.camroll")) {
            Class<?> controller = ClassUtils.resolveClassName(
                    found.getBeanClassName(), getClass().getClassLoader());
            for (Method method : controller.getDeclaredMethods()) {
                ProblemResponses responses = AnnotatedElementUtils.findMergedAnnotation(method, ProblemResponses.class);
                if (responses != null) {
                    declared.addAll(List.of(responses.value()));
                }
            }
        }

        assertThat(declared).as("the support API declares its own").contains("access-reason-required");
        assertThat(declared)
                .allSatisfy(slug ->
                        assertThat(ProblemCatalog.get().find(slug)).as(slug).isPresent());
    }
}
