package io.kafkamixnet.cli.demo;

import io.kafkamixnet.broker.ScramUser;

/**
 * Where a secured demo gets its users: one SCRAM user per mixer, service, client and auditor, created
 * by the cluster's super user (e.g. {@code EmbeddedKafkaBroker::createScramUser}).
 */
@FunctionalInterface
public interface DemoUsers {

    /** Creates user {@code name} with a fresh password and returns once it can log in. */
    ScramUser create(String name);
}
