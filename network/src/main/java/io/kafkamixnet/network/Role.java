package io.kafkamixnet.network;

/** What a principal is in the network; each role has its own ACLs ({@link RoleAcls}). */
public enum Role {
    MIXER,
    SERVICE,
    CLIENT,
    AUDITOR
}
