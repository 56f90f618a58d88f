package dev.kodo.collector;

import dev.kodo.core.run.Run;
import dev.kodo.core.wire.WireFormat;
import java.io.PrintStream;
import java.util.List;

/** {@code kodo collect --dry-run}: prints each run as one line of wire-format JSON and ships nothing. */
public final class PrintDestination implements RunDestination {

    private final PrintStream out;

    public PrintDestination(PrintStream out) {
        this.out = out;
    }

    @Override
    public int deliver(List<Run> runs) {
        for (Run run : runs) {
            out.println(WireFormat.encode(run));
        }
        out.flush();
        return 0;
    }
}
