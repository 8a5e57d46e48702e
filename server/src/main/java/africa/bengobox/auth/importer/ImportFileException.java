package africa.bengobox.auth.importer;

import java.nio.file.Path;

/** The import file cannot be applied; names the file, the line and the reason. */
public class ImportFileException extends RuntimeException {

    private final Path file;
    private final int line;
    private final String reason;

    public ImportFileException(Path file, int line, String reason) {
        super("The import file " + file + " is invalid at line " + line + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
