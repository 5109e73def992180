package io.apvirt.engine.internal.machine;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Sparse guest absolute storage of a fixed size, in 4 KiB pages allocated on first write;
 * unwritten bytes read as zero. Pages hang in a two-level table (a directory of leaves of
 * 512 pages, 2 MiB each: a first write costs a 2 KiB leaf and the 4 KiB page), both created
 * lazily and published with a compare-and-set, so vCPU threads read and write without locks;
 * a lookup is two array loads.
 */
public final class GuestMemory {
    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    private static final int LEAF_BITS = 9;
    private static final int LEAF_SIZE = 1 << LEAF_BITS;

    private final long size;
    private final AtomicReferenceArray<AtomicReferenceArray<byte[]>> directory;

    public GuestMemory(long size) {
        this.size = size;
        long pages = (size + PAGE_SIZE - 1) >>> PAGE_SHIFT;
        this.directory = new AtomicReferenceArray<>((int) ((pages + LEAF_SIZE - 1) >>> LEAF_BITS));
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

    /** The page holding {@code address}, or {@code null} when it was never written. */
    private byte[] page(long address) {
        long page = address >>> PAGE_SHIFT;
        AtomicReferenceArray<byte[]> leaf = directory.get((int) (page >>> LEAF_BITS));
        return leaf == null ? null : leaf.get((int) (page & (LEAF_SIZE - 1)));
    }

    private byte[] pageForWrite(long address) {
        long page = address >>> PAGE_SHIFT;
        int d = (int) (page >>> LEAF_BITS);
        AtomicReferenceArray<byte[]> leaf = directory.get(d);
        if (leaf == null) {
            directory.compareAndSet(d, null, new AtomicReferenceArray<>(LEAF_SIZE));
            leaf = directory.get(d);
        }
        int i = (int) (page & (LEAF_SIZE - 1));
        byte[] bytes = leaf.get(i);
        if (bytes == null) {
            leaf.compareAndSet(i, null, new byte[PAGE_SIZE]);
            bytes = leaf.get(i);
        }
        return bytes;
    }

    public byte[] read(long address, int length) {
        check(address, length);
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            long a = address + done;
            int offset = (int) (a & (PAGE_SIZE - 1));
            int n = Math.min(length - done, PAGE_SIZE - offset);
            byte[] page = page(a);
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
            System.arraycopy(data, from + done, pageForWrite(a), offset, n);
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
