package io.apvirt.engine.device;

/** A request the accelerator answers with a type-82 error reply carrying {@link #replyCode()}. */
public final class MalformedRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Type82ReplyCode replyCode;

    public MalformedRequestException(Type82ReplyCode replyCode, String detail) {
        super(replyCode + ": " + detail);
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
