package io.kafkamixnet.client.internals;

import io.kafkamixnet.directory.DirectorySnapshot;
import io.kafkamixnet.directory.EpochPublicKey;
import io.kafkamixnet.directory.MixerInfo;
import io.kafkamixnet.schemas.MixerRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The mixers of a directory snapshot that a route may use at a given time. */
public final class DirectoryRoutes {

    private DirectoryRoutes() {}

    /**
     * The mixers of {@code role} whose descriptor lists a key of {@code epoch} that new packets may use at
     * {@code nowMillis}: a key of the current epoch, or of a later one the mixer announced ahead (mixers
     * accept the next epoch already); never a key whose epoch has ended. Each carries the links its
     * descriptor announces, which {@link RouteSelector} routes over, and whether the descriptor reports a
     * heartbeat alarm.
     */
    public static List<RouteCandidate> candidates(
            DirectorySnapshot snapshot, MixerRole role, long epoch, long nowMillis) {
        List<RouteCandidate> out = new ArrayList<>();
        for (MixerInfo m : snapshot.mixers(role)) {
            Optional<EpochPublicKey> k = m.epochKey(epoch);
            if (k.isPresent() && nowMillis < k.get().validUntilMillis()) {
                out.add(new RouteCandidate(
                        m.mixerId(),
                        m.ingressTopic(),
                        k.get().key(),
                        k.get().graceUntilMillis(),
                        m.links(),
                        m.heartbeatAlarm()));
            }
        }
        return out;
    }

    /**
     * The ingress topic of the response mixer a SURB names as its first hop, if the directory lists that
     * mixer with role RESPONSE. A SURB naming anything else is refused: a service only ever writes to
     * response mixers' ingress topics, whatever a SURB says.
     */
    public static Optional<String> responseIngress(DirectorySnapshot snapshot, String mixerId) {
        return snapshot.mixer(mixerId)
                .filter(m -> m.role() == MixerRole.RESPONSE)
                .map(MixerInfo::ingressTopic);
    }
}
