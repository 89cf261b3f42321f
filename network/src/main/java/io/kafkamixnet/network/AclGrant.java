package io.kafkamixnet.network;

import java.util.Objects;
import org.apache.kafka.common.acl.AclBinding;

/**
 * One ACL a principal of the network needs, and why: {@code role} and {@code holder} (a mixer id, a
 * service name, {@code clients} or {@code auditor}) say whom it is for, {@code purpose} what fails
 * without it.
 */
public record AclGrant(Role role, String holder, AclBinding binding, String purpose) {

    public AclGrant {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(purpose, "purpose");
    }

    /** The principal the ACL is for, e.g. {@code User:mix-1}. */
    public String principal() {
        return binding.entry().principal();
    }
}
