package io.kafkamixnet.cli;

import io.kafkamixnet.admin.StartupRetry;
import io.kafkamixnet.admin.TopicProvisioner;
import io.kafkamixnet.admin.TopicSpec;
import io.kafkamixnet.directory.DirectoryTopics;
import io.kafkamixnet.network.AclGrant;
import io.kafkamixnet.network.AclProvisioner;
import io.kafkamixnet.network.NetworkDescription;
import io.kafkamixnet.network.NetworkTopics;
import io.kafkamixnet.network.RoleAcls;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.resource.PatternType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Prints the least-privilege ACLs and client quotas of every user of a network description ({@link
 * RoleAcls}) and, with {@code --apply}, creates them through {@code Admin}.
 */
@Command(
        name = "acls",
        mixinStandardHelpOptions = true,
        description = {
            "Print the least-privilege ACLs and client quotas each user of a network needs; --apply creates them.",
            "The network is one network.properties file naming its mixers' config files, services, clients and"
                    + " users (docs/operations.md, Network description). --apply is idempotent: existing ACLs are"
                    + " kept, none is deleted. It needs the administrator's --client-config (a super user)."
        })
final class AclsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    StartupOptions startup;

    @Option(
            names = "--network",
            required = true,
            paramLabel = "FILE",
            description = "The network description (network.properties).")
    Path networkFile;

    @Option(names = "--apply", description = "Create the ACLs and set the client quotas on the cluster.")
    boolean apply;

    @Option(
            names = "--check",
            description =
                    "Compare the cluster with the network: ACLs missing, ACLs of the network's users beyond"
                            + " their role's, client quotas that differ; exit 1 if any (the auditor's --client-config will do).")
    boolean check;

    @Option(
            names = "--create-topics",
            description = "With --apply, also create the network's topics (or bring them in line), as mixers running"
                    + " with topics.provision=none need.")
    boolean createTopics;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (createTopics && !apply) {
            throw new ParameterException(spec.commandLine(), "--create-topics goes with --apply");
        }
        if (apply && check) {
            throw new ParameterException(spec.commandLine(), "--apply and --check do not go together");
        }
        if ((apply || check) && !cluster.isGiven()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--" + (apply ? "apply" : "check") + " needs the cluster: --bootstrap-servers and the "
                            + (apply ? "administrator's" : "auditor's or administrator's") + " --client-config");
        }
        NetworkDescription network = NetworkDescription.load(networkFile);
        RoleAcls acls = RoleAcls.of(network);
        if (check) {
            return check(out, network, acls);
        }
        printAcls(out, network, acls);
        printQuotas(out, acls);
        if (apply) {
            try (Admin admin = Admin.create(cluster.settings().asClientConfig())) {
                applyWith(admin, out, network, acls);
            } catch (AclProvisioner.NotAuthorizedException e) {
                throw new ExplainedException(
                        e.getMessage() + ". --apply needs the cluster's administrator (a super user): expected its"
                                + " client config in --client-config, found " + clientConfigShown()
                                + ", whose user may not " + e.step() + ".",
                        e);
            }
        } else {
            out.println("Nothing changed: --apply creates these (with the administrator's --client-config), --check"
                    + " compares the cluster with them.");
        }
        out.flush();
        return 0;
    }

    /** Creates the topics (with --create-topics), then the ACLs and quotas, and prints what it did. */
    private void applyWith(Admin admin, PrintWriter out, NetworkDescription network, RoleAcls acls) {
        if (createTopics) {
            List<TopicSpec> specs = NetworkTopics.specs(network);
            TopicSpec directory = NetworkTopics.directorySpec(network);
            StartupRetry retry = startup.startupRetry();
            Map<String, TopicProvisioner.Action> done = new TopicProvisioner(admin, retry)
                    .ensure(specs.stream().filter(t -> !t.equals(directory)).toList());
            done.forEach((topic, action) -> out.printf("Topic %s: %s%n", topic, describe(action)));
            out.printf("Topic %s: %s%n", directory.name(), describe(DirectoryTopics.ensure(admin, directory, retry)));
        }
        AclProvisioner.Result result =
                new AclProvisioner(admin, startup.startupRetry().timeout()).apply(acls);
        out.printf(
                "Applied: %d ACLs created, %d already present; %d client quotas set.%n",
                result.created(), result.alreadyPresent(), result.quotasSet());
    }

    /** The --client-config file as given, or a phrase for a connection without one. */
    private String clientConfigShown() {
        return cluster.clientConfig != null
                ? "--client-config " + cluster.clientConfig
                : "no --client-config (a connection without a login)";
    }

    /** Exit 0 when the cluster holds exactly the network's ACLs and quotas, 1 otherwise. */
    private int check(PrintWriter out, NetworkDescription network, RoleAcls acls) {
        java.util.Set<String> principals = new java.util.HashSet<>();
        network.users().stream()
                .filter(u -> !u.equals(network.adminPrincipal()))
                .forEach(u -> principals.add("User:" + u));
        AclProvisioner.Drift drift;
        try (Admin admin = Admin.create(cluster.settings().asClientConfig())) {
            drift = new AclProvisioner(admin, startup.startupRetry().timeout()).check(acls, principals);
        } catch (AclProvisioner.NotAuthorizedException e) {
            String auditor = network.auditor()
                    .map(a -> "the network's auditor (User:" + a.principal() + ") has them once the network's ACLs are"
                            + " applied, the administrator always")
                    .orElse("the administrator has them");
            throw new ExplainedException(
                    e.getMessage() + ". --check needs DESCRIBE and DESCRIBE_CONFIGS on the cluster: " + auditor
                            + "; found " + clientConfigShown() + ", whose user may not " + e.step() + ". If the ACLs"
                            + " are not applied yet, apply them first with the administrator's client config:"
                            + " mixnet acls --network " + networkFile + " --apply --client-config <admin.properties>;"
                            + " or run --check with the administrator's client config.",
                    e);
        }
        drift.missing().forEach(b -> out.println("MISSING     " + line(b)));
        drift.unexpected().forEach(b -> out.println("UNEXPECTED  " + line(b)));
        drift.quotaMismatches()
                .forEach((user, found) ->
                        out.println("QUOTA       User:" + user + " has " + (found.isEmpty() ? "no quota" : found)));
        if (drift.none()) {
            out.printf(
                    "Check: the cluster holds exactly these %d ACLs for the network's users, and the quotas.%n",
                    acls.bindings().size());
            out.flush();
            return 0;
        }
        out.printf(
                "Check: %d missing, %d unexpected ACLs, %d client quotas differ (mixnet acls --apply adds what is"
                        + " missing; remove the unexpected ones with kafka-acls --remove).%n",
                drift.missing().size(),
                drift.unexpected().size(),
                drift.quotaMismatches().size());
        out.flush();
        return 1;
    }

    private static String line(org.apache.kafka.common.acl.AclBinding b) {
        return b.entry().principal() + " " + b.entry().permissionType() + " "
                + b.entry().operation() + " " + b.pattern().resourceType() + " "
                + b.pattern().name() + " (" + b.pattern().patternType() + ")";
    }

    private static String describe(TopicProvisioner.Action action) {
        return action.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static void printAcls(PrintWriter out, NetworkDescription network, RoleAcls acls) {
        Map<String, String> roles = network.userRoles();
        out.printf(
                "Least-privilege ACLs of %s (%d ACLs, ALLOW from any host; everything else is denied when the"
                        + " cluster runs with allow.everyone.if.no.acl.found=false):%n",
                network.directoryTopic(), acls.bindings().size());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PRINCIPAL", "OPERATION", "RESOURCE", "NAME", "PATTERN", "WHY"});
        String currentPrincipal = null;
        for (AclGrant g : acls.grants()) {
            if (!g.principal().equals(currentPrincipal)) {
                currentPrincipal = g.principal();
                rows.add(new String[] {"# " + roles.get(g.principal().substring("User:".length()))});
            }
            rows.add(new String[] {
                g.principal(),
                g.binding().entry().operation().name(),
                g.binding().pattern().resourceType().name(),
                g.binding().pattern().name(),
                g.binding().pattern().patternType() == PatternType.PREFIXED ? "PREFIXED" : "LITERAL",
                g.purpose()
            });
        }
        printTable(out, rows);
        out.printf(
                "User:%s, the administrator, needs no ACL: it is a super user of the cluster.%n",
                network.adminPrincipal());
    }

    private static void printQuotas(PrintWriter out, RoleAcls acls) {
        if (acls.clientQuotas().isEmpty()) {
            out.println("Client quotas: none (client.quota.* unset).");
            return;
        }
        out.println("Client quotas (per client principal, per broker):");
        for (ClientQuotaAlteration q : acls.clientQuotas()) {
            List<String> ops = new ArrayList<>();
            for (ClientQuotaAlteration.Op op : q.ops()) {
                ops.add(op.key() + "=" + formatQuota(op.key(), op.value()));
            }
            out.printf(
                    "  User:%s  %s%n", q.entity().entries().values().iterator().next(), String.join("  ", ops));
        }
    }

    private static String formatQuota(String key, Double value) {
        if (key.endsWith("_byte_rate")) {
            long bytes = value.longValue();
            return bytes + " (" + (bytes >= 1024 ? bytes / 1024 + " KiB/s" : bytes + " B/s") + ")";
        }
        return value == Math.rint(value) ? Long.toString(value.longValue()) + "%" : value + "%";
    }

    /** Columns padded to their widest cell; a one-cell row is a heading. */
    private static void printTable(PrintWriter out, List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] r : rows) {
            if (r.length == columns) {
                for (int i = 0; i < columns; i++) {
                    width[i] = Math.max(width[i], r[i].length());
                }
            }
        }
        for (String[] r : rows) {
            if (r.length != columns) {
                out.println(r[0]);
                continue;
            }
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
