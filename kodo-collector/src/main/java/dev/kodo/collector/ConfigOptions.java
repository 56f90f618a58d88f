package dev.kodo.collector;

import dev.kodo.collector.KodoCli.Context;
import dev.kodo.collector.config.CollectorConfig;
import dev.kodo.collector.config.ConfigException;
import dev.kodo.collector.config.ConfigLoader;
import dev.kodo.collector.state.StateStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What every command that reads kodo.yaml shares: where kodo.yaml and the state file are, and reading them. */
final class ConfigOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "PATH", defaultValue = "kodo.yaml",
            description = "kodo.yaml to read (default: ${DEFAULT-VALUE} in the current directory)")
    Path config;

    @Option(names = "--state", paramLabel = "PATH",
            description = "state file (default: .kodo-collector-state.json beside kodo.yaml)")
    Path state;

    /** The state file: {@code --state}, else beside kodo.yaml. */
    Path statePath() {
        return state != null ? state : StateStore.besideConfig(config);
    }

    /** kodo.yaml, or {@code null} once {@code log} has said why it cannot be used (exit code CONFIG). */
    CollectorConfig load(Context context, Log log) {
        try {
            return new ConfigLoader(context.environment()).load(config);
        } catch (ConfigException e) {
            log.error(e.getMessage());
            return null;
        }
    }
}
