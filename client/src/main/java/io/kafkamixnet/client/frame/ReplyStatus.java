package io.kafkamixnet.client.frame;

/** Status byte of a reply frame. */
public enum ReplyStatus {
    /** The data is the service's reply. */
    OK(0),
    /** The service could not answer; the data is a UTF-8 text the service chose (never derived from the request). */
    ERROR(1);

    private final int code;

    ReplyStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static ReplyStatus fromCode(int code) throws FrameException {
        for (ReplyStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new FrameException("expected reply status 0 (OK) or 1 (ERROR), found " + code);
    }
}
