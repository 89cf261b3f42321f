package io.kafkamixnet.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The mixer operators a command trusts, as given on its command line: Ed25519 identity keys and a file
 * of them. Each command decides how they combine with its other sources and how a bad key is reported.
 * A picocli mixin.
 */
final class TrustedIdentityOptions {

    @Option(
            names = "--trusted-identity",
            paramLabel = "HEX",
            description = "Ed25519 identity key (64 hex digits) of a mixer operator to trust; repeatable.")
    List<String> identities = new ArrayList<>();

    @Option(
            names = "--trusted-identities-file",
            paramLabel = "FILE",
            description = "File of trusted identity keys, one per line (# comments allowed).")
    Path file;
}
