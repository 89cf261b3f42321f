package io.kafkamixnet.network;

import java.util.regex.Pattern;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

/** Checks of the names a network description holds: topics (Kafka's rule), ids, groups. */
final class Names {

    /** The packet format's rule for mixer ids and service names. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Names() {}

    static String requireTopic(String key, String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException(key + " must be a topic name, found nothing");
        }
        try {
            Topic.validate(topic);
        } catch (InvalidTopicException e) {
            throw new IllegalArgumentException(
                    key + " must be a valid topic name, found '" + topic + "': " + e.getMessage());
        }
        return topic;
    }

    static String requireId(String what, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(what + " must be 1 to 64 letters, digits, '.', '_' or '-' starting"
                    + " with a letter or digit, found " + (id == null ? "nothing" : "'" + id + "'"));
        }
        return id;
    }

    static String requireNonBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must not be empty");
        }
        return value;
    }
}
