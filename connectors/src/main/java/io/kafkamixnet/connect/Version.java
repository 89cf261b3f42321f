package io.kafkamixnet.connect;

/** The plugin's version, from its jar manifest (Implementation-Version), as Connect lists it. */
final class Version {

    private Version() {}

    static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }
}
