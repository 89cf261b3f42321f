package io.kafkamixnet.cli;

import io.kafkamixnet.broker.EmbeddedBrokerSettings;
import io.kafkamixnet.broker.EmbeddedKafkaBroker;
import io.kafkamixnet.broker.ScramUser;
import io.kafkamixnet.network.NetworkDescription;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code mixnet broker --secure}: a secured embedded broker, a SCRAM user per role, and each user's
 * client properties, printed or written owner-only.
 */
final class SecureBroker {

    /**
     * The users of the demo network ({@code deploy/network/network.properties}) and what each is, for
     * {@code --secure} without {@code --network}; {@code SecureBrokerTest} keeps the two in step.
     */
    static final Map<String, String> DEMO_USERS = demoUsers();

    private SecureBroker() {}

    private static Map<String, String> demoUsers() {
        Map<String, String> users = new LinkedHashMap<>();
        users.put("mix-1", "forward mixer mix-1");
        users.put("mix-2", "forward mixer mix-2");
        users.put("resp-1", "response mixer resp-1");
        users.put("service-echo", "service echo");
        users.put("auditor", "auditor");
        users.put("client", "client");
        return users;
    }

    static EmbeddedKafkaBroker start(
            EmbeddedBrokerSettings settings, Path networkFile, Path clientConfigDir, PrintWriter out)
            throws IOException {
        Map<String, String> roles;
        String admin = settings.superUser();
        if (networkFile != null) {
            NetworkDescription network = NetworkDescription.load(networkFile);
            roles = new LinkedHashMap<>(network.userRoles());
            if (!network.adminPrincipal().equals(admin)) {
                settings = settings.toBuilder()
                        .superUser(network.adminPrincipal(), null)
                        .build();
                admin = network.adminPrincipal();
            }
            roles.remove(admin);
        } else {
            roles = DEMO_USERS;
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings);
        try {
            Map<String, ScramUser> users = new LinkedHashMap<>();
            users.put(admin, broker.superUser().orElseThrow());
            for (String user : roles.keySet()) {
                users.put(user, broker.createScramUser(user));
            }
            out.printf(
                    "Secured Kafka broker ready in %d ms: SASL_PLAINTEXT, SCRAM-SHA-512, ACLs enforced"
                            + " (allow.everyone.if.no.acl.found=false).%n",
                    broker.startupTime().toMillis());
            out.printf("bootstrap.servers=%s%n", broker.bootstrapServers());
            out.printf("Data: %s%s%n", broker.dataDir(), settings.dataDir().isEmpty() ? " (deleted on exit)" : "");
            if (clientConfigDir != null) {
                Files.createDirectories(clientConfigDir);
            }
            out.printf("%d users (passwords are new at every start):%n", users.size());
            for (Map.Entry<String, ScramUser> e : users.entrySet()) {
                String role = e.getKey().equals(admin) ? "administrator (super user)" : roles.get(e.getKey());
                String properties = properties(role, e.getValue(), broker.bootstrapServers());
                if (clientConfigDir == null) {
                    out.println();
                    out.print(properties);
                } else {
                    Path file = clientConfigDir.resolve(e.getKey() + ".properties");
                    writeOwnerOnly(file, properties);
                    out.printf("  %-14s %s%n", e.getKey(), file);
                }
            }
            out.println();
            out.printf(
                    "Next: mixnet acls --network %s --apply --create-topics --client-config %s%n",
                    networkFile != null ? networkFile : "deploy/network/network.properties",
                    clientConfigDir != null ? clientConfigDir.resolve(admin + ".properties") : admin + ".properties");
            out.println("Ctrl-C to stop.");
            return broker;
        } catch (IOException | RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** A client properties file that logs in as {@code user}. */
    static String properties(String role, ScramUser user, String bootstrapServers) {
        StringWriter s = new StringWriter();
        PrintWriter w = new PrintWriter(s);
        w.printf("# %s: %s%n", user.name(), role);
        user.clientProperties(bootstrapServers).forEach((k, v) -> w.printf("%s=%s%n", k, v));
        w.flush();
        return s.toString();
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(
                    file,
                    PosixFilePermissions.asFileAttribute(
                            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
