package dev.kodo.collector;

import dev.kodo.collector.KodoCli.Context;
import dev.kodo.collector.config.CollectorConfig;
import dev.kodo.collector.config.ProcessConfig;
import dev.kodo.collector.source.Database;
import dev.kodo.collector.source.SourceException;
import dev.kodo.collector.source.TableSource;
import dev.kodo.collector.source.TableSource.Scan;
import dev.kodo.collector.state.ProcessState;
import dev.kodo.collector.state.StateException;
import dev.kodo.collector.state.StateStore;
import dev.kodo.core.run.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code kodo validate}: checks kodo.yaml, each database, table and column, the status values found in each table
 * and the state file; reads no runs and ships nothing.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks kodo.yaml, connects to each database, checks that each table and column exists, lists "
                + "status values that status_map does not cover, and checks the state file. Ships nothing.")
final class ValidateCommand implements Callable<Integer> {

    /** How many distinct status values are checked per table. */
    static final int STATUS_VALUES = 100;

    private final Context context;

    @Mixin
    ConfigOptions files;

    ValidateCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Log log = new Log(context.err(), false);
        CollectorConfig cfg = files.load(context, log);
        if (cfg == null) {
            return ExitCodes.CONFIG;
        }
        var out = context.out();
        out.println(files.config + ": " + cfg.processes().size() + " process(es); runs go to " + cfg.endpoint()
                + (cfg.apiKey() == null ? " (no API key yet: set api_key or KODO_API_KEY before `kodo collect`)"
                : " with an API key"));
        int code = ExitCodes.OK;
        Path statePath = files.statePath();
        try (StateStore store = StateStore.open(statePath, false)) {
            for (ProcessConfig p : cfg.processes()) {
                int c = check(p, cfg.queryTimeout(), store, log);
                code = Math.max(code, c);
            }
        } catch (StateException e) {
            log.error(e.getMessage());
            return ExitCodes.CONFIG;
        }
        out.println(code == ExitCodes.OK ? "ok" : "problems found (exit " + code + ")");
        return code;
    }

    private int check(ProcessConfig p, Duration queryTimeout, StateStore store, Log log) {
        var out = context.out();
        try (Database db = new Database(p.connection(), queryTimeout)) {
            TableSource source = new TableSource(p, db);
            source.inspect();
            out.println("process " + p.name() + ": " + p.connection().redacted() + ", table " + p.table()
                    + ": columns found; rows are read in order of (" + p.cursor() + ", " + p.id() + ")"
                    + (source.hasUnsetScan() ? ", and rows whose " + p.cursor() + " is NULL in order of ("
                    + p.startedAt() + ", " + p.id() + ")" : ""));
            List<String> unmapped = new ArrayList<>();
            StringBuilder mapped = new StringBuilder();
            for (String value : source.statusValues(STATUS_VALUES)) {
                RunStatus s = p.statusMap().lookup(value);
                if (s == null) {
                    unmapped.add(value);
                } else {
                    mapped.append(mapped.length() == 0 ? "" : ", ").append(value).append(" \u2192 ")
                            .append(s.wireName());
                }
            }
            out.println("  status values: " + (mapped.length() == 0 ? "(none yet)" : mapped));
            for (String value : unmapped) {
                log.warn("process " + p.name() + ": status value \"" + value + "\" is not mapped and would count as "
                        + "still running; if it means finished, add it to status_map (" + p.locationOf("-") + ")");
            }
            try {
                ProcessState s = store.process(p, false);
                out.println("  state: " + (s.position(Scan.CURSOR) == null ? "not read yet (the first pass reads "
                        + "the whole table)" : "read up to " + p.cursor() + " " + s.position(Scan.CURSOR).at()
                        + ", id " + s.position(Scan.CURSOR).id() + "; " + s.pending().size() + " pending"));
            } catch (StateException e) {
                log.error(e.getMessage());
                return ExitCodes.CONFIG;
            }
            return ExitCodes.OK;
        } catch (SourceException e) {
            log.error(e.getMessage());
            return ExitCodes.DATABASE;
        }
    }
}
