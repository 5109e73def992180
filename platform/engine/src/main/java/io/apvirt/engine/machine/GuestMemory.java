package io.apvirt.engine.machine;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Sparse guest absolute storage of a fixed size, in 4 KiB pages allocated on first write;
 * unwritten bytes read as zero.
 */
public final class GuestMemory {
    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_SIZE = 1 << PAGE_SHIFT;

    private final long size;
    private final ConcurrentHashMap<Long, byte[]> pages = new ConcurrentHashMap<>();

    public GuestMemory(long size) {
        this.size = size;
    }

    public long size() {
        return size;
    }

    /** Whether {@code [address, address + length)} lies inside guest memory (unsigned addresses). */
    public boolean contains(long address, long length) {
        if (length < 0) {
            return false;
        }
        if (Long.compareUnsigned(address, size) >= 0) {
            return length == 0 && address == size;
        }
        return Long.compareUnsigned(length, size - address) <= 0;
    }

    public byte[] read(long address, int length) {
        check(address, length);
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            long a = address + done;
            int offset = (int) (a & (PAGE_SIZE - 1));
            int n = Math.min(length - done, PAGE_SIZE - offset);
            byte[] page = pages.get(a >>> PAGE_SHIFT);
            if (page != null) {
                System.arraycopy(page, offset, out, done, n);
            }
            done += n;
        }
        return out;
    }

    public void write(long address, byte[] data, int from, int length) {
        check(address, length);
        int done = 0;
        while (done < length) {
            long a = address + done;
            int offset = (int) (a & (PAGE_SIZE - 1));
            int n = Math.min(length - done, PAGE_SIZE - offset);
            byte[] page = pages.computeIfAbsent(a >>> PAGE_SHIFT, k -> new byte[PAGE_SIZE]);
            System.arraycopy(data, from + done, page, offset, n);
            done += n;
        }
    }

    public void write(long address, byte[] data) {
        write(address, data, 0, data.length);
    }

    private void check(long address, long length) {
        if (!contains(address, length)) {
            throw new IndexOutOfBoundsException(String.format("0x%x+%d is outside guest memory of %d bytes", address, length, size));
        }
    }
}
