package africa.bengobox.auth.importer;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

class ImportFileFailureAnalyzer extends AbstractFailureAnalyzer<ImportFileException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ImportFileException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix " + cause.file() + " (see docs/import.md for the format), or unset BENGOBOX_AUTH_IMPORT.", cause);
    }
}
