package io.apvirt.engine.internal.scenario;

/**
 * Bytes at a guest address, written by a step ({@code memory:}, {@code message:}) or
 * expected after it ({@code expect: {memory: ...}}).
 *
 * @param line the scenario line that gives them (for errors)
 */
public record MemoryRange(int line, long address, HexBytes bytes) {

    /** {@code 0x3000}. */
    public static String address(long address) {
        return "0x" + Long.toHexString(address);
    }

    /** Whether the range lies in guest memory of {@code size} bytes. */
    public boolean inside(long size) {
        return Long.compareUnsigned(address, size) < 0 && Long.compareUnsigned(bytes.length(), size - address) <= 0;
    }

    @Override
    public String toString() {
        return address(address) + ": " + bytes;
    }
}
