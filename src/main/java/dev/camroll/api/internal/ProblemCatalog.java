package dev.camroll.api.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.camroll.api.CommonProblem;
import dev.camroll.api.ProblemResponses;
import dev.camroll.api.ProblemType;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Every problem type of the application: the enums implementing {@link ProblemType} that the modules declare, found
 * on the classpath once. It refuses two types with one slug, and resolves the slugs {@link ProblemResponses} names.
 */
final class ProblemCatalog {

    private static final String ROOT = "dev.camroll";

    private static final ProblemCatalog INSTANCE = scan();

    private final Map<String, ProblemType> bySlug;

    private ProblemCatalog(Map<String, ProblemType> bySlug) {
        this.bySlug = bySlug;
    }

    /** The application's catalog. */
    public static ProblemCatalog get() {
        return INSTANCE;
    }

    /** Every type: {@link CommonProblem} first, then the modules' in the order of their enums' names. */
    public List<ProblemType> all() {
        return List.copyOf(bySlug.values());
    }

    /** The type with {@code slug}, if one exists. */
    public Optional<ProblemType> find(String slug) {
        return Optional.ofNullable(bySlug.get(slug));
    }

    /** The type with {@code slug}; an unknown slug is a programming error (a typo in {@link ProblemResponses}). */
    public ProblemType require(String slug) {
        return find(slug).orElseThrow(() -> new IllegalStateException("no problem type has the slug '" + slug + "'"));
    }

    private static ProblemCatalog scan() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(
                    org.springframework.beans.factory.annotation.AnnotatedBeanDefinition definition) {
                return definition.getMetadata().isIndependent();
            }
        };
        scanner.addIncludeFilter(new AssignableTypeFilter(ProblemType.class));
        List<Class<?>> enums = new ArrayList<>();
        for (BeanDefinition found : scanner.findCandidateComponents(ROOT)) {
            Class<?> type =
                    ClassUtils.resolveClassName(found.getBeanClassName(), ProblemCatalog.class.getClassLoader());
            if (type.isEnum() && type != CommonProblem.class) {
                enums.add(type);
            }
        }
        enums.sort(Comparator.comparing(Class::getName));
        enums.add(0, CommonProblem.class);
        List<ProblemType> types = new ArrayList<>();
        for (Class<?> type : enums) {
            for (Object constant : type.getEnumConstants()) {
                types.add((ProblemType) constant);
            }
        }
        return of(types);
    }

    /** A catalog of {@code types} in their order; two types with one slug are refused. */
    static ProblemCatalog of(List<? extends ProblemType> types) {
        Map<String, ProblemType> bySlug = new LinkedHashMap<>();
        for (ProblemType problem : types) {
            ProblemType other = bySlug.put(problem.slug(), problem);
            if (other != null) {
                throw new IllegalStateException(
                        "two problem types have the slug '" + problem.slug() + "': " + other + " and " + problem);
            }
        }
        return new ProblemCatalog(bySlug);
    }
}
