package dev.kodo.collector;

import dev.kodo.core.Kodo;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kodo} command: {@code kodo collect} (watch and ship), {@code kodo collect --once},
 * {@code kodo collect --dry-run}, {@code kodo validate}. See {@link ExitCodes} for what it returns.
 */
@Command(name = "kodo", mixinStandardHelpOptions = true, versionProvider = KodoCli.Version.class,
        description = "Kodo: see whether your business processes actually finish.",
        subcommands = {CommandLine.HelpCommand.class})
public final class KodoCli implements Runnable {

    /** How long SIGTERM/SIGINT wait for the batch in hand to be delivered and saved. */
    static final long STOP_TIMEOUT_SECONDS = 30;

    /** What the commands read and write: the real process, or a test's. */
    record Context(PrintStream out, PrintStream err, Map<String, String> environment, Stopper stopper) {
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    public static void main(String[] args) {
        Stopper stopper = new Stopper();
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger exitCode = new AtomicInteger(ExitCodes.INTERNAL);
        Thread hook = new Thread(() -> {
            if (finished.getCount() == 0) {
                return; // a normal exit
            }
            // SIGTERM or SIGINT: let the loop deliver the batch in hand and save its position, then exit with its code.
            stopper.stop();
            try {
                if (!finished.await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    System.err.println("kodo: did not stop within " + STOP_TIMEOUT_SECONDS + " s; the position saved "
                            + "last stands (runs sent after it are sent again next time)");
                    Runtime.getRuntime().halt(ExitCodes.INTERNAL);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(exitCode.get());
        }, "kodo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = execute(args, new Context(System.out, System.err, System.getenv(), stopper));
        exitCode.set(code);
        finished.countDown();
        System.exit(code);
    }

    /** Runs {@code kodo} with these arguments and returns its exit code. */
    static int execute(String[] args, Context context) {
        CommandLine cli = commandLine(context);
        return cli.execute(args);
    }

    static CommandLine commandLine(Context context) {
        CommandLine cli = new CommandLine(new KodoCli());
        cli.addSubcommand("collect", new CollectCommand(context));
        cli.addSubcommand("validate", new ValidateCommand(context));
        cli.setOut(new PrintWriter(context.out(), true));
        cli.setErr(new PrintWriter(context.err(), true));
        for (CommandLine c : List.of(cli, cli.getSubcommands().get("collect"), cli.getSubcommands().get("validate"))) {
            c.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes());
        }
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            context.err().println("kodo: unexpected error: " + e);
            e.printStackTrace(context.err());
            return ExitCodes.INTERNAL;
        });
        return cli;
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String line : ExitCodes.helpList()) {
            int colon = line.indexOf(':');
            m.put("  " + line.substring(0, colon), line.substring(colon + 1));
        }
        return m;
    }

    /** {@code kodo --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"kodo-collector " + Kodo.VERSION};
        }
    }
}
