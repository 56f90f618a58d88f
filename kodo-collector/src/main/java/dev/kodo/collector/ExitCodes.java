package dev.kodo.collector;

/**
 * The exit codes of {@code kodo}, for scripts and cron:
 * <ul>
 *   <li>{@value #OK}: done (a pass, a validation, or watch mode stopped by SIGTERM/SIGINT after saving its
 *       position)</li>
 *   <li>{@value #INTERNAL}: an unexpected error (a bug: please report it with the message)</li>
 *   <li>{@value #USAGE}: wrong command-line options</li>
 *   <li>{@value #CONFIG}: kodo.yaml or the state file cannot be used (invalid, mapping changed, state file in use
 *       by another collector); the message says where and how to fix it</li>
 *   <li>{@value #DATABASE}: a database cannot be read (unreachable, table or column missing)</li>
 *   <li>{@value #SERVER}: the server refused the API key or the runs, or stayed unreachable for the time
 *       {@code --once} waits</li>
 * </ul>
 */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int INTERNAL = 1;
    public static final int USAGE = 2;
    public static final int CONFIG = 3;
    public static final int DATABASE = 4;
    public static final int SERVER = 5;

    private ExitCodes() {
    }

    /** The help text's list. */
    static String[] helpList() {
        return new String[] {
            OK + ":done (watch mode: stopped by SIGTERM/SIGINT after saving its position)",
            INTERNAL + ":unexpected error",
            USAGE + ":wrong command-line options",
            CONFIG + ":kodo.yaml or the state file cannot be used (the message says where and how to fix it)",
            DATABASE + ":a database cannot be read (unreachable, table or column missing)",
            SERVER + ":the server refused the API key or the runs, or stayed unreachable (--once)"
        };
    }
}
