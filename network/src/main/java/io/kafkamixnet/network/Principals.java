package io.kafkamixnet.network;

import java.util.regex.Pattern;

/** The rule for user names in a network description, and their Kafka principal form ({@code User:<name>}). */
final class Principals {

    /** Safe as a SCRAM user name, a Kubernetes {@code KafkaUser} name part and a file name. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Principals() {}

    static String requireValid(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must be a user name of 1 to 64 letters, digits, '.', '_' or"
                    + " '-' starting with a letter or digit, found " + (name == null ? "nothing" : "'" + name + "'"));
        }
        return name;
    }

    /** The Kafka principal of user {@code name}, as ACLs name it. */
    static String of(String name) {
        return "User:" + name;
    }
}
