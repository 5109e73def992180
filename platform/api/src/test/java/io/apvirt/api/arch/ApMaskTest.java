package io.apvirt.api.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** 256-bit AP masks in MSB-0 order (docs/architecture.md#1, APCB1; section 2.5 bytes 16-111). */
class ApMaskTest {

    @Test
    void constants() {
        assertEquals(256, ApMask.BITS);
        assertEquals(32, ApMask.BYTES);
        assertTrue(ApMask.EMPTY.isEmpty());
        assertArrayEquals(new byte[32], ApMask.EMPTY.toBytes());
    }

    @ParameterizedTest
    @CsvSource({"0, 0, 128", "1, 0, 64", "7, 0, 1", "8, 1, 128", "63, 7, 1", "64, 8, 128", "200, 25, 128",
            "254, 31, 2", "255, 31, 1"})
    void msb0ByteLayout(int index, int byteNo, int value) {
        byte[] expected = new byte[32];
        expected[byteNo] = (byte) value;
        assertArrayEquals(expected, ApMask.of(index).toBytes());
    }

    @Test
    void first64() {
        assertEquals(0x8000000000000000L, ApMask.of(0).first64());
        assertEquals(0x0000000000000001L, ApMask.of(63).first64());
        assertEquals(0L, ApMask.of(64).first64());
        assertEquals(0xC000000000000001L, ApMask.of(0, 1, 63, 64, 255).first64());
    }

    @Test
    void toHex() {
        assertEquals("80" + "0".repeat(62), ApMask.of(0).toHex());
        assertEquals("0".repeat(62) + "01", ApMask.of(255).toHex());
        assertEquals("0".repeat(16) + "8" + "0".repeat(47), ApMask.of(64).toHex());
        assertEquals("0".repeat(64), ApMask.EMPTY.toHex());
    }

    @Test
    void fromBytesAtOffset() {
        byte[] block = new byte[128];
        block[16] = (byte) 0x90; // indexes 0 and 3
        block[47] = (byte) 0x01; // index 255
        block[15] = (byte) 0xFF; // outside the mask
        block[48] = (byte) 0xFF; // outside the mask
        ApMask m = ApMask.fromBytes(block, 16);
        assertEquals(ApMask.of(0, 3, 255), m);
        assertArrayEquals(new int[] {0, 3, 255}, m.indexes().toArray());
    }

    @Test
    void testAndWithAndAnd() {
        ApMask m = ApMask.of(1, 5, 200);
        assertTrue(m.test(1));
        assertTrue(m.test(200));
        assertFalse(m.test(2));
        assertFalse(m.test(-1));
        assertFalse(m.test(256));
        ApMask n = m.with(7);
        assertEquals(ApMask.of(1, 5, 7, 200), n);
        assertEquals(ApMask.of(1, 5, 200), m); // immutable
        assertEquals(ApMask.of(5, 200), m.and(ApMask.of(5, 6, 200, 255)));
        assertTrue(m.and(ApMask.of(0, 2)).isEmpty());
        assertFalse(m.isEmpty());
        assertTrue(ApMask.of().isEmpty());
    }

    @Test
    void ofIterable() {
        assertEquals(ApMask.of(3, 9, 255), ApMask.of(List.of(255, 3, 9)));
        assertEquals(ApMask.of(4), ApMask.of(List.of(4, 4)));
    }

    @Test
    void toStringListsIndexes() {
        assertEquals("ApMask[1, 5]", ApMask.of(5, 1).toString());
        assertEquals("ApMask[]", ApMask.EMPTY.toString());
    }

    @Test
    void equalsAndHashCode() {
        assertEquals(ApMask.of(10, 20), ApMask.of(20, 10));
        assertEquals(ApMask.of(10, 20).hashCode(), ApMask.of(20, 10).hashCode());
        assertNotEquals(ApMask.of(10), ApMask.of(11));
        assertNotEquals(ApMask.of(10), (Object) "ApMask[10]");
    }

    @ParameterizedTest
    @ValueSource(ints = {256, -1, 1000, Integer.MIN_VALUE})
    void rejectsIndexOutsideRange(int index) {
        String message = "mask index " + index + " is outside 0-255";
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> ApMask.of(index)).getMessage());
        assertEquals(message,
                assertThrows(IllegalArgumentException.class, () -> ApMask.of(List.of(index))).getMessage());
        assertEquals(message,
                assertThrows(IllegalArgumentException.class, () -> ApMask.EMPTY.with(index)).getMessage());
    }

    @Property
    void bytesRoundTrip(@ForAll @Size(32) byte[] bytes) {
        ApMask m = ApMask.fromBytes(bytes, 0);
        assertArrayEquals(bytes, m.toBytes());
        assertEquals(m, ApMask.fromBytes(m.toBytes(), 0));
    }

    @Property
    void indexesRoundTrip(@ForAll @Size(max = 40) Set<@IntRange(max = 255) Integer> set) {
        ApMask m = ApMask.of(set);
        assertArrayEquals(new TreeSet<>(set).stream().mapToInt(Integer::intValue).toArray(), m.indexes().toArray());
        assertEquals(set.isEmpty(), m.isEmpty());
        byte[] b = m.toBytes();
        for (int i = 0; i < 256; i++) {
            boolean expected = set.contains(i);
            assertEquals(expected, m.test(i));
            assertEquals(expected, (b[i / 8] & (0x80 >>> (i % 8))) != 0, "index " + i);
        }
    }

    @Property
    void singleIndexLayout(@ForAll @IntRange(max = 255) int index) {
        byte[] b = ApMask.of(index).toBytes();
        for (int i = 0; i < 32; i++) {
            assertEquals(i == index / 8 ? (byte) (0x80 >>> (index % 8)) : 0, b[i]);
        }
        String hex = ApMask.of(index).toHex();
        assertEquals(64, hex.length());
        assertEquals(index < 64 ? 1L << (63 - index) : 0L, ApMask.of(index).first64());
    }
}
