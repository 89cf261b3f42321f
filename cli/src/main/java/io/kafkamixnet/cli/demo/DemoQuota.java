package io.kafkamixnet.cli.demo;

import io.kafkamixnet.network.ClientQuota;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** The produce quota of each client user of a secured demo, as {@code deploy/network/network.properties} sets it. */
final class DemoQuota {

    /** 256 KiB/s per client user per broker and a quarter of a request-handler thread. */
    static final ClientQuota CLIENT =
            new ClientQuota(OptionalLong.of(256 * 1024), OptionalLong.empty(), OptionalDouble.of(25));

    private DemoQuota() {}
}
