package io.kafkamixnet.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One {@code mixnet} command run in this JVM, as a user would type it: its exit code and what it printed. */
record CommandRun(int exitCode, String out, String err) {

    /** Runs {@code args} through a fresh command line, capturing standard output and error. */
    static CommandRun of(String... args) {
        CommandLine cl = MixnetCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }
}
