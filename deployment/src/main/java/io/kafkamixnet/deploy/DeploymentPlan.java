package io.kafkamixnet.deploy;

import io.kafkamixnet.admin.TopicSpec;
import io.kafkamixnet.network.NetworkDescription;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything a deployment of one network needs, whatever runs it: the compose project and the
 * Kubernetes manifests are both written from one plan, so they cannot disagree about topics, users
 * or ACLs.
 *
 * @param name the network's name: the compose project, the Strimzi {@code Kafka} cluster, label values
 *     (a DNS-1123 label)
 * @param descriptionDirectory the directory of the network description on disk
 * @param descriptionFiles every file of the description (the description itself first, then the mixer
 *     files), relative to {@code descriptionDirectory}; a deployment copies them verbatim
 * @param directoryTopic the compacted topic of signed mixer descriptors
 * @param replyInboxTopic the shared reply inbox clients read, if the network has response mixers
 * @param epochLength the network-wide epoch length
 * @param mixers every mixer, in the description's order
 * @param services every service
 * @param clientPrincipal the user that clients (and the demo traffic) connect as
 * @param adminPrincipal the super user that provisions topics, users and ACLs (in compose also the
 *     broker's own user); it holds no other role and is not among {@code principals}
 * @param topics every topic of the network with its exact settings ({@link TopicSpec}, as the network
 *     module's {@code NetworkTopics} makes them: as the mixers would create them), the directory last
 * @param principals every Kafka user with its ACLs and quotas; the setup user is not among them
 * @param versions the versions the deployment pins
 * @param network the description the plan was made from
 */
public record DeploymentPlan(
        String name,
        Path descriptionDirectory,
        List<String> descriptionFiles,
        String directoryTopic,
        Optional<String> replyInboxTopic,
        Duration epochLength,
        List<MixerUnit> mixers,
        List<ServiceUnit> services,
        String clientPrincipal,
        String adminPrincipal,
        List<TopicSpec> topics,
        List<Principal> principals,
        Versions versions,
        NetworkDescription network) {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public DeploymentPlan {
        Objects.requireNonNull(name, "name");
        if (!DNS_LABEL.matcher(name).matches()) {
            throw new IllegalArgumentException("network name must be a DNS-1123 label, found '" + name + "'");
        }
        Objects.requireNonNull(descriptionDirectory, "descriptionDirectory");
        descriptionFiles = List.copyOf(descriptionFiles);
        if (descriptionFiles.isEmpty()) {
            throw new IllegalArgumentException("a network description has at least its own file, found none");
        }
        for (String f : descriptionFiles) {
            Path p = Path.of(f);
            if (p.isAbsolute() || p.normalize().startsWith("..")) {
                throw new IllegalArgumentException("description file " + f
                        + " must lie inside the description's directory " + descriptionDirectory);
            }
        }
        Objects.requireNonNull(directoryTopic, "directoryTopic");
        Objects.requireNonNull(replyInboxTopic, "replyInboxTopic");
        Objects.requireNonNull(epochLength, "epochLength");
        mixers = List.copyOf(mixers);
        services = List.copyOf(services);
        Objects.requireNonNull(clientPrincipal, "clientPrincipal");
        Objects.requireNonNull(adminPrincipal, "adminPrincipal");
        topics = List.copyOf(topics);
        principals = List.copyOf(principals);
        Objects.requireNonNull(versions, "versions");
        Objects.requireNonNull(network, "network");
        if (mixers.isEmpty()) {
            throw new IllegalArgumentException("network " + name + " has no mixer");
        }
        Set<String> users = new HashSet<>();
        for (Principal p : principals) {
            if (!users.add(p.name())) {
                throw new IllegalArgumentException("principal " + p.name() + " appears twice");
            }
        }
        if (users.contains(adminPrincipal)) {
            throw new IllegalArgumentException("the provisioning super user " + adminPrincipal
                    + " must hold no other role, found it among " + users);
        }
        Set<String> needed = new HashSet<>();
        mixers.forEach(m -> needed.add(m.principal()));
        services.forEach(s -> needed.add(s.principal()));
        needed.add(clientPrincipal);
        needed.removeAll(users);
        if (!needed.isEmpty()) {
            throw new IllegalArgumentException("principals without ACLs in network " + name + ": " + needed);
        }
        Set<String> ids = new HashSet<>();
        for (MixerUnit m : mixers) {
            if (!DNS_LABEL.matcher(m.id()).matches()) {
                throw new IllegalArgumentException("mixer id must be a DNS-1123 label to name its container and"
                        + " Kubernetes objects, found '" + m.id() + "'");
            }
            if (!ids.add(m.id())) {
                throw new IllegalArgumentException("mixer " + m.id() + " appears twice");
            }
        }
        for (ServiceUnit s : services) {
            if (!DNS_LABEL.matcher(s.name()).matches()) {
                throw new IllegalArgumentException("service name must be a DNS-1123 label to name its container"
                        + " and Kubernetes objects, found '" + s.name() + "'");
            }
        }
    }

    /** The principal named {@code name}. */
    public Principal principal(String name) {
        return principals.stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no principal " + name + " in network " + this.name));
    }

    /** The description file itself (the first of {@link #descriptionFiles}). */
    public String descriptionFile() {
        return descriptionFiles.get(0);
    }
}
