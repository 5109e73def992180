package io.apvirt.engine.internal.device;

/** A request the accelerator answers with a type-82 error reply carrying {@link #replyCode()}. */
public final class MalformedRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Type82ReplyCode replyCode;

    /** An answer to the guest, not a fault of apvirt: no stack trace (it cost 2 us per malformed request). */
    public MalformedRequestException(Type82ReplyCode replyCode, String detail) {
        super(replyCode + ": " + detail, null, false, false);
        this.replyCode = replyCode;
    }

    public Type82ReplyCode replyCode() {
        return replyCode;
    }

    /** The error reply the accelerator sends for this request. */
    public Type82Error reply() {
        return new Type82Error(replyCode);
    }
}
