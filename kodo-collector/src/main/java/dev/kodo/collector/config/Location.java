package dev.kodo.collector.config;

/**
 * Where something was written in kodo.yaml, as an editor shows it: {@code kodo.yaml:7:17} (line and column from 1).
 *
 * @param file   the file name as the user gave it
 * @param line   1-based line
 * @param column 1-based column
 */
public record Location(String file, int line, int column) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
