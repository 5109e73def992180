package io.apvirt.plugin.js;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.ResponseCode;
import io.apvirt.api.device.AdapterSpec;
import io.apvirt.api.device.QueueView;
import io.apvirt.api.device.Request;
import io.apvirt.api.hook.HostAp;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The read-only objects a script sees: {@code request}, {@code queue}, the hook's AQIC
 * {@code request} and {@code queue}, and the global {@code ap}. They are polyglot proxies, so
 * no host object reaches the guest. Reading a member that is not documented throws a
 * {@code TypeError} naming it ({@code request.foo is not a member; members: psmid, length,
 * tick, message, hex}); writing or deleting one throws {@code request is read-only: cannot set
 * psmid}. The names JavaScript itself looks up on any object ({@code toString}, {@code toJSON}
 * ...) are left to JavaScript, so that {@code String(request)} and {@code JSON.stringify}
 * work.
 */
final class Views {

    private Views() {
    }

    /** Object.prototype's members and the protocol names JavaScript probes: not ours to refuse. */
    private static final Set<String> JS_PROTOCOL = Set.of("constructor", "toString", "toLocaleString", "valueOf",
            "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "__proto__", "__defineGetter__",
            "__defineSetter__", "__lookupGetter__", "__lookupSetter__", "toJSON", "then");

    /** A read-only object with a fixed list of members. */
    abstract static class ReadOnly implements ProxyObject {
        final ScriptHost host;
        private final String name;
        private final List<String> members;

        ReadOnly(ScriptHost host, String name, List<String> members) {
            this.host = host;
            this.name = name;
            this.members = members;
        }

        /** The member's value; only called for a documented member. */
        abstract Object read(String member);

        @Override
        public final Object getMember(String key) {
            if (!members.contains(key)) {
                throw host.typeError(name + "." + key + " is not a member; members: " + String.join(", ", members));
            }
            return read(key);
        }

        @Override
        public final Object getMemberKeys() {
            return ProxyArray.fromList(new ArrayList<>(members));
        }

        @Override
        public final boolean hasMember(String key) {
            return members.contains(key) || !JS_PROTOCOL.contains(key);
        }

        @Override
        public String toString() {
            return name;
        }

        @Override
        public final void putMember(String key, Value value) {
            throw host.typeError(name + " is read-only: cannot set " + key);
        }

        @Override
        public final boolean removeMember(String key) {
            throw host.typeError(name + " is read-only: cannot delete " + key);
        }
    }

    // ---- onRequest(request, queue) --------------------------------------------------------------

    static final List<String> REQUEST_MEMBERS = List.of("psmid", "length", "tick", "message", "hex");

    /** {@code request}: an NQAP request. */
    static final class RequestView extends ReadOnly {
        final Request request;
        private Message message;

        RequestView(ScriptHost host, Request request) {
            super(host, "request", REQUEST_MEMBERS);
            this.request = request;
        }

        @Override
        Object read(String member) {
            return switch (member) {
                case "psmid" -> String.format("0x%016x", request.psmid());
                case "length" -> request.message().length;
                case "tick" -> request.tick();
                case "message" -> message();
                case "hex" -> new Function("request.hex", args -> hex(request.message()));
                default -> throw new IllegalStateException(member);
            };
        }

        Message message() {
            if (message == null) {
                message = new Message(host, request.message());
            }
            return message;
        }
    }

    /** {@code request.message}: the bytes as numbers 0-255, read-only. */
    static final class Message implements ProxyArray {
        private final ScriptHost host;
        final byte[] bytes;

        Message(ScriptHost host, byte[] bytes) {
            this.host = host;
            this.bytes = bytes;
        }

        @Override
        public Object get(long index) {
            return bytes[(int) index] & 0xFF;
        }

        @Override
        public void set(long index, Value value) {
            throw host.typeError("request.message is read-only: cannot set [" + index + "]");
        }

        @Override
        public boolean remove(long index) {
            throw host.typeError("request.message is read-only: cannot delete [" + index + "]");
        }

        @Override
        public long getSize() {
            return bytes.length;
        }

        @Override
        public String toString() {
            return "request.message";
        }
    }

    /** A host function, shown as {@code function ap.log()}. */
    record Function(String name, ProxyExecutable body) implements ProxyExecutable {
        @Override
        public Object execute(Value... arguments) {
            return body.execute(arguments);
        }

        @Override
        public String toString() {
            return "function " + name + "()";
        }
    }

    /** {@code de ad be ef}: lower-case byte pairs separated by spaces. */
    static String hex(byte[] bytes) {
        return java.util.HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    static final List<String> QUEUE_MEMBERS = List.of("apqn", "card", "domain", "pending", "interrupts", "type", "mode");

    /** {@code queue}: the queue a device call is for. */
    static final class Queue extends ReadOnly {
        private final QueueView queue;

        Queue(ScriptHost host, QueueView queue) {
            super(host, "queue", QUEUE_MEMBERS);
            this.queue = queue;
        }

        @Override
        Object read(String member) {
            AdapterSpec spec = queue.adapter();
            return switch (member) {
                case "apqn" -> queue.apqn().toString();
                case "card" -> queue.apqn().apid();
                case "domain" -> queue.apqn().apqi();
                case "pending" -> queue.pending();
                case "interrupts" -> queue.interrupts();
                case "type" -> spec.type().name();
                case "mode" -> spec.mode().id();
                default -> throw new IllegalStateException(member);
            };
        }
    }

    // ---- onAqic(request, queue) -----------------------------------------------------------------

    static final List<String> AQIC_MEMBERS = List.of("apqn", "ir", "isc", "nib");

    /** The hook's {@code request}: the guest's PQAP(AQIC) operands. */
    static final class AqicRequest extends ReadOnly {
        private final Apqn apqn;
        private final boolean ir;
        private final int isc;
        private final long nib;

        AqicRequest(ScriptHost host, Apqn apqn, boolean ir, int isc, long nib) {
            super(host, "request", AQIC_MEMBERS);
            this.apqn = apqn;
            this.ir = ir;
            this.isc = isc;
            this.nib = nib;
        }

        @Override
        Object read(String member) {
            return switch (member) {
                case "apqn" -> apqn.toString();
                case "ir" -> ir;
                case "isc" -> isc;
                case "nib" -> nib;
                default -> throw new IllegalStateException(member);
            };
        }
    }

    static final List<String> HOOK_QUEUE_MEMBERS = List.of("apqn", "card", "domain", "interrupts", "isc");

    /** The hook's {@code queue}: the host queue of the APQN, as the host sees it now. */
    static final class HostQueue extends ReadOnly {
        private final Apqn apqn;
        private final HostAp hostAp;

        HostQueue(ScriptHost host, Apqn apqn, HostAp hostAp) {
            super(host, "queue", HOOK_QUEUE_MEMBERS);
            this.apqn = apqn;
            this.hostAp = hostAp;
        }

        @Override
        Object read(String member) {
            return switch (member) {
                case "apqn" -> apqn.toString();
                case "card" -> apqn.apid();
                case "domain" -> apqn.apqi();
                case "interrupts" -> hostAp.interruptIsc(apqn.encode()) >= 0;
                case "isc" -> hostAp.interruptIsc(apqn.encode());
                default -> throw new IllegalStateException(member);
            };
        }
    }

    // ---- the global ap ------------------------------------------------------------------------------

    static final List<String> AP_MEMBERS = List.of("log", "now", "random", "rc");

    /** {@code ap}: log, virtual time, the seeded random stream and the response codes. */
    static final class Ap extends ReadOnly {
        private final ProxyExecutable log;
        private final ProxyExecutable now;
        private final ProxyExecutable random;
        private final Rc rc;

        Ap(ScriptHost host) {
            super(host, "ap", AP_MEMBERS);
            this.log = new Function("ap.log", args -> {
                StringBuilder b = new StringBuilder(host.name).append(':');
                for (Value a : args) {
                    b.append(' ').append(a.isString() ? a.asString() : a.toString());
                }
                host.report(b.toString());
                return null;
            });
            this.now = new Function("ap.now", args -> host.now);
            this.random = new Function("ap.random", args -> host.random.nextDouble());
            this.rc = new Rc(host);
        }

        @Override
        Object read(String member) {
            return switch (member) {
                case "log" -> log;
                case "now" -> now;
                case "random" -> random;
                case "rc" -> rc;
                default -> throw new IllegalStateException(member);
            };
        }
    }

    /** {@code ap.rc}: every AP response code by its Linux-like name ({@code AP_RESPONSE_*} without the prefix). */
    static final Map<String, Integer> RESPONSE_CODES = responseCodes();

    private static Map<String, Integer> responseCodes() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (ResponseCode rc : ResponseCode.values()) {
            if (!Returns.isKnown(rc.code())) {
                continue;
            }
            if (rc == ResponseCode.Q_FULL_OR_NO_PENDING_REPLY) {
                out.put("Q_FULL", rc.code());
                out.put("NO_PENDING_REPLY", rc.code());
            } else {
                out.put(rc.name(), rc.code());
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    static final class Rc extends ReadOnly {
        Rc(ScriptHost host) {
            super(host, "ap.rc", List.copyOf(RESPONSE_CODES.keySet()));
        }

        @Override
        Object read(String member) {
            return RESPONSE_CODES.get(member);
        }
    }
}
