package dev.bwn.model.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One NumPy {@code .npy} array held as its bytes (format versions 1 to 3: magic, header length, a Python dict
 * literal with {@code descr}, {@code fortran_order} and {@code shape}, then the data). Only C-order integer arrays
 * are accepted, and the data must be exactly as long as the shape and type say: a truncated or padded file, a
 * Fortran-order array or a float type is a {@link DatasetException} naming the source.
 */
final class NpyArray {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy pads headers to 64 bytes; a header beyond this is not an array of images or labels. */
    private static final int MAX_HEADER_BYTES = 1 << 16;
    private static final Pattern HEADER = Pattern.compile(
            "\\{\\s*(?:'descr'\\s*:\\s*'(?<descr>[^']*)'|'fortran_order'\\s*:\\s*(?<fortran>True|False)"
                    + "|'shape'\\s*:\\s*\\((?<shape>[0-9,\\s]*)\\))\\s*,"
                    + "\\s*(?:'descr'\\s*:\\s*'(?<descr2>[^']*)'|'fortran_order'\\s*:\\s*(?<fortran2>True|False)"
                    + "|'shape'\\s*:\\s*\\((?<shape2>[0-9,\\s]*)\\))\\s*,"
                    + "\\s*(?:'descr'\\s*:\\s*'(?<descr3>[^']*)'|'fortran_order'\\s*:\\s*(?<fortran3>True|False)"
                    + "|'shape'\\s*:\\s*\\((?<shape3>[0-9,\\s]*)\\))\\s*,?\\s*}\\s*");
    private static final Pattern INTEGER_TYPE = Pattern.compile("([<>|]?)([iu])([1248])");

    final String source;
    final long[] shape;
    final boolean signed;
    final int itemBytes;
    final ByteOrder order;
    private final ByteBuffer data;

    private NpyArray(String source, long[] shape, boolean signed, int itemBytes, ByteOrder order, ByteBuffer data) {
        this.source = source;
        this.shape = shape;
        this.signed = signed;
        this.itemBytes = itemBytes;
        this.order = order;
        this.data = data;
    }

    /** Parses {@code bytes}, the whole content of {@code source}. */
    static NpyArray parse(String source, byte[] bytes) {
        if (bytes.length < 10 || !java.util.Arrays.equals(java.util.Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new DatasetException(source + ": not a .npy file (no \\x93NUMPY magic)");
        }
        int major = bytes[6];
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerBytes;
        int offset;
        if (major == 1) {
            headerBytes = buffer.getShort(8) & 0xFFFF;
            offset = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new DatasetException(source + ": truncated .npy header");
            }
            headerBytes = buffer.getInt(8) & 0xFFFFFFFFL;
            offset = 12;
        } else {
            throw new DatasetException(source + ": .npy format version " + major + " (bwn reads 1 to 3)");
        }
        if (headerBytes > MAX_HEADER_BYTES || offset + headerBytes > bytes.length) {
            throw new DatasetException(source + ": .npy header of " + headerBytes + " bytes does not fit the file of "
                    + bytes.length + " bytes (limit " + MAX_HEADER_BYTES + ")");
        }
        String header = new String(bytes, offset, (int) headerBytes, StandardCharsets.ISO_8859_1);
        Matcher m = HEADER.matcher(header);
        if (!m.matches()) {
            throw new DatasetException(source + ": .npy header is not {'descr': ..., 'fortran_order': ..., 'shape': (...)}: "
                    + dev.bwn.model.OneLine.of(header.length() > 120 ? header.substring(0, 120) + "..." : header.strip()));
        }
        String descr = first(m, "descr");
        String fortran = first(m, "fortran");
        String shapeText = first(m, "shape");
        if (descr == null || fortran == null || shapeText == null) {
            throw new DatasetException(source + ": .npy header must give descr, fortran_order and shape once each");
        }
        if (fortran.equals("True")) {
            throw new DatasetException(source + ": Fortran-order array; save it in C order (numpy.ascontiguousarray)");
        }
        Matcher type = INTEGER_TYPE.matcher(descr);
        if (!type.matches()) {
            throw new DatasetException(source + ": dtype '" + dev.bwn.model.OneLine.of(descr)
                    + "' is not an integer type (expected uint8 images and integer labels)");
        }
        int itemBytes = Integer.parseInt(type.group(3));
        ByteOrder order = type.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        long[] shape = parseShape(source, shapeText);
        long elements = 1;
        try {
            for (long dimension : shape) {
                elements = Math.multiplyExact(elements, dimension);
            }
            Math.multiplyExact(elements, itemBytes);
        } catch (ArithmeticException e) {
            throw new DatasetException(source + ": shape (" + shapeText.strip() + ") overflows 64 bits");
        }
        long dataBytes = bytes.length - offset - headerBytes;
        if (elements * itemBytes != dataBytes) {
            throw new DatasetException(source + ": shape (" + shapeText.strip() + ") of " + itemBytes + "-byte items needs "
                    + elements * itemBytes + " bytes of data, the file holds " + dataBytes
                    + (dataBytes < elements * itemBytes ? " (truncated)" : ""));
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, (int) (offset + headerBytes), (int) dataBytes).slice().order(order);
        return new NpyArray(source, shape, type.group(2).equals("i"), itemBytes, order, data);
    }

    private static String first(Matcher m, String group) {
        String value = null;
        for (String name : new String[] {group, group + "2", group + "3"}) {
            String v = m.group(name);
            if (v != null) {
                if (value != null) {
                    return null;
                }
                value = v;
            }
        }
        return value;
    }

    private static long[] parseShape(String source, String text) {
        String[] parts = text.split(",");
        java.util.List<Long> dims = new java.util.ArrayList<>();
        for (String part : parts) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (p.length() > 12) {
                throw new DatasetException(source + ": dimension " + p + " is out of range");
            }
            dims.add(Long.parseLong(p));
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    long elements() {
        return data.capacity() / itemBytes;
    }

    /** Element {@code i} as a long (unsigned types zero-extended; an unsigned 64-bit value above 2^63 is negative). */
    long get(long i) {
        int at = (int) (i * itemBytes);
        long v = switch (itemBytes) {
            case 1 -> signed ? data.get(at) : data.get(at) & 0xFFL;
            case 2 -> signed ? data.getShort(at) : data.getShort(at) & 0xFFFFL;
            case 4 -> signed ? data.getInt(at) : data.getInt(at) & 0xFFFFFFFFL;
            default -> data.getLong(at);
        };
        return v;
    }

    String describeShape() {
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return text.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
