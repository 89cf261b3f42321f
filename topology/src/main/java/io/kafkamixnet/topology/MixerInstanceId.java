package io.kafkamixnet.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;

/**
 * Which instance of a mixer this process is, for Kafka's static group membership: the
 * {@code group.instance.id} of the Kafka Streams main consumers is {@code <instance id>-<thread index>}.
 *
 * <p>With {@code mixer.instance-id} unset, the id is a random one kept in the instance's Kafka Streams
 * application directory ({@code <state.dir>/<application.id>/}{@value #FILE_NAME}), written on first
 * start and read on every later start. That directory is what already identifies an instance: Kafka
 * Streams locks it, so two live instances cannot share it (the second fails before it joins the group,
 * so it cannot fence the first), and an instance restarted on it finds both its id and its transactional
 * producer's process id there. An instance whose state directory is lost (a container without a volume)
 * starts as a new member and waits for the old one's session timeout, as without static membership.
 */
final class MixerInstanceId {

    /** The file in the application's state directory that holds a derived id. */
    static final String FILE_NAME = "mixnet-instance-id";

    /**
     * Longest id: Kafka allows 249 characters in a {@code group.instance.id}; the mixer appends
     * {@code -<thread index>}.
     */
    static final int MAX_LENGTH = 200;

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

    private MixerInstanceId() {}

    /**
     * The instance id: {@code config}'s {@code mixer.instance-id} if set, else the one kept in
     * {@code <stateRoot>/<application.id>/}{@value #FILE_NAME}, created there if absent.
     *
     * @param stateRoot the effective Kafka Streams {@code state.dir}
     * @throws UncheckedIOException if the file cannot be read or written
     * @throws IllegalStateException if the file holds something that is not an instance id
     */
    static String resolve(MixerConfig config, Path stateRoot) {
        if (config.instanceId().isPresent()) {
            return config.instanceId().get();
        }
        Path file = stateRoot.resolve(config.applicationId()).resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (id.isEmpty() || id.length() > MAX_LENGTH || !LEGAL.matcher(id).matches()) {
                throw new IllegalStateException(file + " should hold a mixer instance id (1 to " + MAX_LENGTH
                        + " of a-z A-Z 0-9 . _ -) but holds " + id.length() + " other characters; delete it to let "
                        + "the mixer create a new one, or set mixer.instance-id");
            }
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the mixer instance id file " + file, e);
        }
    }

    /** Writes a new random id atomically; if another start wrote one first, that one stands. */
    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
        try {
            Files.writeString(temp, UUID.randomUUID() + "\n", StandardCharsets.US_ASCII);
            try {
                // A hard link appears whole and never replaces an existing file (a rename would).
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException e) {
                // another process created it between our check and our link: keep theirs
            } catch (UnsupportedOperationException e) {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Checks a configured id.
     *
     * @throws ConfigException naming {@code key} if {@code id} is empty, too long or has other characters
     */
    static void validate(String key, String id) {
        if (id.isEmpty() || id.length() > MAX_LENGTH || !LEGAL.matcher(id).matches()) {
            throw new ConfigException(key + " must be 1 to " + MAX_LENGTH + " characters of a-z A-Z 0-9 . _ -, found '"
                    + id + "' (" + id.length() + " characters)");
        }
    }
}
