package io.kafkamixnet.cli;

import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.keys.KeyDirectory;
import io.kafkamixnet.keys.MixKeyFiles;
import io.kafkamixnet.keys.MixerKeys;
import io.kafkamixnet.packet.MixPrivateKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mixnet keygen --dir DIR --epochs N}: writes a mixer's X25519 keys for N epochs from the
 * current one (or {@code --from-epoch}), its pool store key and its Ed25519 identity if it has none,
 * all owner-only. Existing keys are kept, never overwritten, so it is safe to run again to add epochs
 * ahead. Prints public keys only: the epoch keys, and the identity public key that clients must list
 * as trusted (the mixer signs its directory descriptors with the identity).
 */
@Command(
        name = "keygen",
        mixinStandardHelpOptions = true,
        description = {
            "Write a mixer's epoch keys, its pool store key and its identity key (owner-only files).",
            "Copy the directory to every instance of the mixer: they must share the pool store key and the identity.",
            "Add the printed identity public key to the clients' trusted mixers."
        })
public final class KeygenCommand implements Callable<Integer> {

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The mixer's key directory (keys.dir).")
    Path dir;

    @Option(
            names = "--epochs",
            defaultValue = "24",
            paramLabel = "N",
            description = "How many epochs to write keys for, from the first one (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--epoch-length",
            defaultValue = "1h",
            paramLabel = "DURATION",
            converter = DurationConverter.EpochLength.class,
            description = "Epoch length; must equal the network's epoch.length (default: ${DEFAULT-VALUE}).")
    Duration epochLength;

    @Option(names = "--from-epoch", paramLabel = "EPOCH", description = "First epoch (default: the current one).")
    Long fromEpoch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (epochs < 1 || epochs > 10_000) {
            throw new ParameterException(spec.commandLine(), "--epochs must be 1..10000, found " + epochs);
        }
        EpochSchedule schedule;
        try {
            // Which keys exist depends on the epoch length only; the grace matters to the mixer, not here.
            schedule = EpochSchedule.of(epochLength, Duration.ZERO);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--epoch-length: " + e.getMessage());
        }
        long first = fromEpoch != null ? fromEpoch : schedule.epochAt(System.currentTimeMillis());
        if (first < 0) {
            throw new ParameterException(spec.commandLine(), "--from-epoch must be >= 0, found " + first);
        }
        PrintWriter out = spec.commandLine().getOut();
        SecureRandom random = new SecureRandom();

        MixerKeys.Provisioned done = MixerKeys.provision(dir, first, epochs, random);
        for (MixPrivateKey key : MixKeyFiles.readAll(dir)) {
            try {
                long e = key.epoch();
                if (e < first || e >= first + epochs) {
                    continue;
                }
                String validity = Instant.ofEpochMilli(schedule.startMillis(e)) + " .. "
                        + Instant.ofEpochMilli(schedule.endMillis(e));
                out.printf(
                        "epoch %d (%s): %s %s, public key %s%n",
                        e,
                        validity,
                        done.newEpochs().contains(e) ? "wrote" : "kept existing",
                        KeyDirectory.epochKeyFileName(e),
                        Base64.getEncoder().encodeToString(key.publicKey().bytes()));
            } finally {
                key.destroy();
            }
        }
        out.printf(
                done.newPoolStoreKey()
                        ? "wrote %s: copy it with the epoch keys to every instance of this mixer%n"
                        : "kept existing %s%n",
                KeyDirectory.POOL_STORE_KEY);
        out.printf(
                "%s %s: copy it to every instance of this mixer (directory.topic needs it)%n",
                done.newIdentity() ? "wrote" : "kept existing", KeyDirectory.IDENTITY_KEY);
        out.printf("identity public key (add it to the clients' trusted mixers): %s%n", done.identityPublicKeyHex());
        out.printf("%d new epoch key(s) in %s (owner-only)%n", done.newEpochs().size(), dir.toAbsolutePath());
        out.flush();
        return 0;
    }
}
