package io.kafkamixnet.deploy;

import io.kafkamixnet.network.NetworkClients;
import io.kafkamixnet.network.NetworkDescription;
import io.kafkamixnet.network.NetworkMixer;
import io.kafkamixnet.network.NetworkService;
import io.kafkamixnet.network.NetworkTopics;
import io.kafkamixnet.network.RoleAcls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;

/** A {@link DeploymentPlan} from a network description file, with the ACLs and quotas {@link RoleAcls} computes. */
public final class DeploymentPlans {

    /** The port of each mixer's {@code /metrics} endpoint inside its container or pod. */
    public static final int METRICS_PORT = 9404;

    private DeploymentPlans() {}

    /**
     * Reads {@code networkFile} (and the mixer files it names) and plans its deployment as {@code name}.
     *
     * @throws IOException if a file cannot be read
     * @throws IllegalArgumentException if the description is invalid or cannot be deployed (a user or
     *     mixer name that cannot name a Kubernetes object, a mixer without a file of its own, no client)
     */
    public static DeploymentPlan load(String name, Path networkFile, Versions versions) throws IOException {
        NetworkDescription network = NetworkDescription.load(networkFile);
        Path dir = networkFile.toAbsolutePath().normalize().getParent();
        List<String> files = new ArrayList<>();
        files.add(dir.relativize(networkFile.toAbsolutePath().normalize()).toString());
        List<MixerUnit> mixers = new ArrayList<>();
        for (NetworkMixer m : network.mixers().values()) {
            Path file = m.configFile()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "mixer " + m.id() + " has no configuration file: a deployment copies each mixer's file"));
            String relative = dir.relativize(file.toAbsolutePath().normalize()).toString();
            if (!files.contains(relative)) {
                files.add(relative);
            }
            mixers.add(new MixerUnit(m.config(), relative, m.principal(), METRICS_PORT));
        }
        List<ServiceUnit> services = new ArrayList<>();
        for (NetworkService s : network.services().values()) {
            services.add(new ServiceUnit(s.name(), s.exitTopic(), s.groupId(), s.principal()));
        }
        NetworkClients clients = network.clients();
        if (clients.principals().isEmpty()) {
            throw new IllegalArgumentException(
                    "network " + networkFile + " names no client user (client.principals): the demo traffic needs one");
        }
        RoleAcls acls = RoleAcls.of(network);
        Map<String, Map<String, Double>> quotas = new LinkedHashMap<>();
        for (ClientQuotaAlteration a : acls.clientQuotas()) {
            String user = a.entity().entries().get(ClientQuotaEntity.USER);
            Map<String, Double> q = quotas.computeIfAbsent(user, u -> new LinkedHashMap<>());
            a.ops().forEach(op -> {
                if (op.value() != null) {
                    q.put(op.key(), op.value());
                }
            });
        }
        List<Principal> principals = new ArrayList<>();
        for (String user : network.users()) {
            if (user.equals(network.adminPrincipal())) {
                continue;
            }
            principals.add(new Principal(
                    user,
                    roleOf(network, user),
                    acls.bindingsOf(Principal.kafkaPrincipal(user)),
                    quotas.getOrDefault(user, Map.of())));
        }
        Optional<String> inbox = clients.inboxTopics().stream().findFirst();
        return new DeploymentPlan(
                name,
                dir,
                files,
                network.directoryTopic(),
                inbox,
                network.epochSchedule().epochLength(),
                mixers,
                services,
                clients.principals().get(0),
                network.adminPrincipal(),
                NetworkTopics.specs(network),
                principals,
                versions,
                network);
    }

    private static String roleOf(NetworkDescription network, String user) {
        if (network.mixers().values().stream().anyMatch(m -> m.principal().equals(user))) {
            return "mixer";
        }
        if (network.services().values().stream().anyMatch(s -> s.principal().equals(user))) {
            return "service";
        }
        if (network.clients().principals().contains(user)) {
            return "client";
        }
        if (network.auditor().filter(a -> a.principal().equals(user)).isPresent()) {
            return "auditor";
        }
        throw new IllegalArgumentException("user " + user + " has no role in the network");
    }
}
