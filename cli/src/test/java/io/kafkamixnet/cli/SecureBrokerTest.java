package io.kafkamixnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.network.NetworkDescription;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecureBrokerTest {

    @Test
    void theDefaultUsersAreThoseOfTheCommittedDemoNetwork() throws Exception {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        NetworkDescription network = NetworkDescription.load(
                module.resolveSibling("deploy").resolve("network").resolve("network.properties"));
        Map<String, String> roles = new LinkedHashMap<>(network.userRoles());
        roles.remove(network.adminPrincipal());

        assertThat(SecureBroker.DEMO_USERS).containsExactlyEntriesOf(roles);
    }
}
