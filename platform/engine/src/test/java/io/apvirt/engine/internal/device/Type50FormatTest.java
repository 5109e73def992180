package io.apvirt.engine.internal.device;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Type50FormatTest {

    /** sizeof(struct type50_*_msg) in zcrypt_msgtype50.c; CRB2/CRB3 are MSGTYPE50_CRB2/3_MAX_MSG_SIZE. */
    @ParameterizedTest
    @CsvSource({
            "MEB1, 0x0001, 128, 128, 400, 272",
            "MEB2, 0x0002, 256, 256, 784, 528",
            "MEB3, 0x0003, 512, 512, 1552, 1040",
            "CRB1, 0x0011, 128, 64, 464, 336",
            "CRB2, 0x0012, 256, 128, 0x390, 656",
            "CRB3, 0x0013, 512, 256, 0x710, 1296"})
    void layout(Type50Format format, String keyblock, int messageSize, int partSize, String length, int messageOffset) {
        assertEquals(Integer.decode(keyblock), format.keyblockType());
        assertEquals(messageSize, format.messageSize());
        assertEquals(partSize, format.partSize());
        assertEquals(Integer.decode(length), format.length());
        assertEquals(messageOffset, format.messageOffset());
        assertEquals(format, Type50Format.ofKeyblock(Integer.decode(keyblock)));
    }

    @Test
    void largestIsCrb3() {
        assertEquals(1808, Type50Format.MAX_LENGTH);
        assertEquals(Type50Format.CRB3.length(), Type50Format.MAX_LENGTH);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0000, 0x0004, 0x0010, 0x0014, 0x0101, 0x1100, 0xFFFF})
    void unknownKeyblock(int keyblock) {
        assertNull(Type50Format.ofKeyblock(keyblock));
    }

    @ParameterizedTest
    @CsvSource({"1, MEB1, CRB1", "512, MEB1, CRB1", "1024, MEB1, CRB1", "1025, MEB2, CRB2", "2048, MEB2, CRB2",
            "2049, MEB3, CRB3", "4096, MEB3, CRB3"})
    void sizeClassFromModulusBits(int bits, Type50Format me, Type50Format crt) {
        assertEquals(me, Type50Format.modExpo(bits));
        assertEquals(crt, Type50Format.crt(bits));
        assertEquals(me.sizeClass(), Type50Format.sizeClass(bits));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 4097})
    void noFormatBeyond4096Bits(int bits) {
        assertThrows(IllegalArgumentException.class, () -> Type50Format.sizeClass(bits));
    }
}
