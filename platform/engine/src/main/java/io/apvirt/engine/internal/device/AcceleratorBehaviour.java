package io.apvirt.engine.internal.device;

import io.apvirt.api.arch.ResponseCode;
import io.apvirt.api.device.AdapterBehaviour;
import io.apvirt.api.plugin.ComponentId;
import io.apvirt.api.plugin.ComponentContext;
import io.apvirt.api.device.DeviceBehaviour;
import io.apvirt.api.device.Response;
import io.apvirt.api.outcome.Rule;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigInteger;
import java.util.List;

import static io.apvirt.engine.internal.device.Type82ReplyCode.REP82_ERROR_EVEN_MOD_IN_OPND;
import static io.apvirt.engine.internal.device.Type82ReplyCode.REP82_ERROR_OPERAND_INVALID;

/**
 * A Crypto Express adapter in accelerator mode (CEXnA): RSA in type-50 requests, answered with
 * type-80 replies or type-82 error replies, the message family of Linux
 * {@code drivers/s390/crypto/zcrypt_msgtype50.c} (layouts in {@link Type50Format},
 * {@link Type80Reply}, {@link Type82Error}). Stateless: every adapter shares one
 * {@link AdapterBehaviour}, and the reply comes after the adapter's {@code reply-latency}.
 *
 * <p>What a request gets, checked in this order (the first that applies wins). IBM does not
 * publish which reply code the card gives for each fault; the codes below are the
 * {@code REP82_ERROR_*} values of Linux {@code zcrypt_error.h} whose names fit the fault, and
 * all of them but 0x20 are ones Linux {@code convert_error()} turns into {@code -EINVAL}
 * ("malformed request"):
 * <ol>
 * <li>longer than the largest type-50 message ({@code struct type50_crb3_msg}, 0x710 = 1808
 *     bytes): refused at NQAP with response code 0x15 {@link ResponseCode#MESSAGE_TOO_BIG};
 *     the request is not accepted and no reply follows;</li>
 * <li>msg_type_code not 0x50: {@code REP82_ERROR_MESSAGE_TYPE} 0x20;</li>
 * <li>shorter than the 16-byte prefix, or msg_len not the enqueued length:
 *     {@code REP82_ERROR_INVALID_MSG_LEN} 0x23;</li>
 * <li>reserved1, reserved2, reserved3 or the 6 reserved bytes after keyblock_type not zero:
 *     {@code REP82_ERROR_RESERVD_FIELD} 0x24 (the current code; 0x88 {@code REP82_ERROR_RESERVED_FIELD}
 *     is not used: Linux retries it on another card instead of failing the request);</li>
 * <li>keyblock_type none of 0x0001-0x0003, 0x0011-0x0013: {@code REP82_ERROR_FORMAT_FIELD} 0x29;</li>
 * <li>length not that of the keyblock type's struct: {@code REP82_ERROR_MESSAGE_LENGTH} 0x80;</li>
 * <li>a zero modulus (ME) or a zero p or q (CRT): {@code REP82_ERROR_OPERAND_INVALID} 0x82;</li>
 * <li>an even modulus (ME) or an even p or q (CRT): {@code REP82_ERROR_EVEN_MOD_IN_OPND} 0x85;</li>
 * <li>message not below the modulus (ME) or not below p times q (CRT):
 *     {@code REP82_ERROR_OPERAND_INVALID} 0x82;</li>
 * <li>otherwise a type-80 reply with the result right-aligned in a field the size of the
 *     request's message field (128, 256 or 512 bytes; len 144, 272 or 528).</li>
 * </ol>
 * Not checked: the {@code ignored} header byte, the exponent, dp, dq and u (whatever they hold,
 * the formulas below give a number below the modulus), and whether p and q are prime.
 *
 * <p>ME: {@code result = message ^ exponent mod modulus}. CRT, with Linux's/libica's
 * parameters (p = prime1, q = prime2, u = q^-1 mod p, the PKCS#1 qInv; libica's software
 * fallback computes the same): {@code m1 = c^dp mod p, m2 = c^dq mod q,
 * h = u (m1 - m2) mod p, result = m2 + h q}.
 */
@ApplicationScoped
@ComponentId("accelerator")
public class AcceleratorBehaviour implements DeviceBehaviour {

    private static final String MSGTYPE50 = "Linux drivers/s390/crypto/zcrypt_msgtype50.c";
    private static final String ERROR_H = "Linux drivers/s390/crypto/zcrypt_error.h";

    public static final Rule TOO_BIG = new Rule("accelerator.message-too-big",
            "Linux drivers/s390/crypto/zcrypt_msgtype50.h MSGTYPE50_CRB3_MAX_MSG_SIZE",
            "a request longer than 0x710 bytes is refused at NQAP with RC 0x15");
    public static final Rule MESSAGE_TYPE = new Rule("accelerator.message-type", ERROR_H,
            "msg_type_code not 0x50: type-82 reply REP82_ERROR_MESSAGE_TYPE 0x20");
    public static final Rule MSG_LEN = new Rule("accelerator.msg-len", ERROR_H,
            "msg_len not the enqueued length: type-82 reply REP82_ERROR_INVALID_MSG_LEN 0x23");
    public static final Rule RESERVED = new Rule("accelerator.reserved-field", MSGTYPE50 + " 'reserved fields must be zeroes'",
            "a reserved field not zero: type-82 reply REP82_ERROR_RESERVD_FIELD 0x24");
    public static final Rule KEYBLOCK = new Rule("accelerator.keyblock-type", MSGTYPE50 + " TYPE50_*_FMT",
            "unknown keyblock_type: type-82 reply REP82_ERROR_FORMAT_FIELD 0x29");
    public static final Rule FORMAT_LENGTH = new Rule("accelerator.format-length", MSGTYPE50 + " struct type50_*_msg",
            "length not the keyblock type's struct size: type-82 reply REP82_ERROR_MESSAGE_LENGTH 0x80");
    public static final Rule OPERAND = new Rule("accelerator.operand-invalid", ERROR_H,
            "zero modulus, zero prime, or message not below the modulus: type-82 reply REP82_ERROR_OPERAND_INVALID 0x82");
    public static final Rule EVEN_MODULUS = new Rule("accelerator.even-modulus", ERROR_H,
            "even modulus or prime: type-82 reply REP82_ERROR_EVEN_MOD_IN_OPND 0x85");
    public static final Rule RSA_ME = new Rule("accelerator.rsa-me", MSGTYPE50 + " struct type50_meb*_msg, type80_hdr",
            "MEB1-3: type-80 reply with message^exponent mod modulus, right-aligned in the message field size");
    public static final Rule RSA_CRT = new Rule("accelerator.rsa-crt", MSGTYPE50 + " struct type50_crb*_msg, type80_hdr",
            "CRB1-3: type-80 reply with m2 + q (u (c^dp mod p - c^dq mod q) mod p), u = q^-1 mod p");

    private static final List<Rule> RULES = List.of(TOO_BIG, MESSAGE_TYPE, MSG_LEN, RESERVED, KEYBLOCK,
            FORMAT_LENGTH, OPERAND, EVEN_MODULUS, RSA_ME, RSA_CRT);

    private static final AdapterBehaviour ADAPTER = (request, queue) -> respond(request.message());

    @Override
    public String description() {
        return "CEXxA accelerator: RSA ME/CRT in type-50 requests, type-80 replies, type-82 errors (Linux zcrypt_msgtype50.c)";
    }

    @Override
    public List<Rule> rules() {
        return RULES;
    }

    @Override
    public AdapterBehaviour bind(ComponentContext context) {
        return ADAPTER;
    }

    /** The response to an enqueued message: a refusal, or a type-80 or type-82 reply after the adapter latency. */
    public static Response respond(byte[] message) {
        if (message.length > Type50Format.MAX_LENGTH) {
            return new Response.Refused(ResponseCode.MESSAGE_TOO_BIG);
        }
        return Response.Reply.of(reply(message).encode());
    }

    /** The reply to a message no longer than {@link Type50Format#MAX_LENGTH}. */
    public static Type50Reply reply(byte[] message) {
        try {
            return execute(Type50Request.decode(message));
        } catch (MalformedRequestException e) {
            return e.reply();
        }
    }

    /** Checks the numbers of a well-formed request and computes its result. */
    public static Type50Reply execute(Type50Request request) {
        int size = request.format().messageSize();
        return switch (request) {
            case Type50Request.ModExpo me -> {
                Type82ReplyCode bad = checkModulus(me.modulus());
                if (bad == null && me.message().compareTo(me.modulus()) >= 0) {
                    bad = REP82_ERROR_OPERAND_INVALID;
                }
                yield bad != null ? new Type82Error(bad)
                        : new Type80Reply(size, me.message().modPow(me.exponent(), me.modulus()));
            }
            case Type50Request.Crt crt -> {
                Type82ReplyCode bad = checkModulus(crt.p());
                if (bad == null) {
                    bad = checkModulus(crt.q());
                }
                if (bad == null && crt.message().compareTo(crt.modulus()) >= 0) {
                    bad = REP82_ERROR_OPERAND_INVALID;
                }
                yield bad != null ? new Type82Error(bad)
                        : new Type80Reply(size, crt(crt.p(), crt.q(), crt.dp(), crt.dq(), crt.u(), crt.message()));
            }
        };
    }

    /**
     * RSA with a CRT key: {@code m2 + q (u (m1 - m2) mod p)} where {@code m1 = c^dp mod p},
     * {@code m2 = c^dq mod q}; with u = q^-1 mod p this is {@code c^d mod pq} (PKCS#1 RSADP 2.b).
     * p and q must be positive.
     */
    public static BigInteger crt(BigInteger p, BigInteger q, BigInteger dp, BigInteger dq, BigInteger u,
                                 BigInteger c) {
        BigInteger m1 = c.modPow(dp, p);
        BigInteger m2 = c.modPow(dq, q);
        BigInteger h = u.multiply(m1.subtract(m2)).mod(p);
        return m2.add(h.multiply(q));
    }

    private static Type82ReplyCode checkModulus(BigInteger modulus) {
        if (modulus.signum() == 0) {
            return REP82_ERROR_OPERAND_INVALID;
        }
        return modulus.testBit(0) ? null : REP82_ERROR_EVEN_MOD_IN_OPND;
    }
}
