package dev.camroll.media.internal;

/**
 * An analysis step that failed for a typed reason ({@link AnalysisProblem}), with a detail for the log (it may quote a
 * decoder or tool, or name a path): users see only the problem's {@link AnalysisProblem#sentence()}.
 */
class AnalysisException extends Exception {

    private final AnalysisProblem problem;

    AnalysisException(AnalysisProblem problem, String detail) {
        super(detail);
        this.problem = problem;
    }

    AnalysisException(AnalysisProblem problem, String detail, Throwable cause) {
        super(detail, cause);
        this.problem = problem;
    }

    AnalysisProblem problem() {
        return problem;
    }
}
