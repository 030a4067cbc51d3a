package dev.bwn.model.io;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bwn.model.ActivationType;
import dev.bwn.model.BinaryWeights;
import dev.bwn.model.Limits;
import dev.bwn.model.ModelException;
import dev.bwn.model.Requant;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Set;

/** The JSON fields several layer kinds share (output type, requant, packed weights), read strictly and written back. */
final class LayerFields {
    private LayerFields() {
    }

    static void checkFanIn(JsonReader r, int fanIn) {
        if (fanIn > Limits.FAN_IN) {
            throw new ModelException(r.path(), "fan-in " + fanIn + " exceeds the limit of " + Limits.FAN_IN);
        }
    }

    static BinaryWeights weights(JsonReader layer, int rows, int rowLength) {
        JsonReader w = layer.object("weights");
        w.allowOnly(Set.of("encoding", "words", "data"));
        if (!ModelIo.WEIGHT_ENCODING.equals(w.string("encoding"))) {
            throw new ModelException(w.at("encoding"), "expected \"" + ModelIo.WEIGHT_ENCODING + "\", got \"" + w.string("encoding") + "\"");
        }
        long expectedWords = (long) rows * BinaryWeights.wordsPerRow(rowLength);
        if (expectedWords > Limits.BINARY_WEIGHTS / 32 + rows) {
            throw new ModelException(w.path(), rows + " rows of " + rowLength + " weights exceed the limit of "
                    + Limits.BINARY_WEIGHTS + " binary weights");
        }
        long words = w.optionalLong("words", 0, Integer.MAX_VALUE) == null ? -1 : w.optionalLong("words", 0, Integer.MAX_VALUE);
        if (words != expectedWords) {
            throw new ModelException(w.at("words"), "expected " + expectedWords + " words (" + rows + " rows of " + rowLength
                    + " bits, each padded to 32), got " + (words < 0 ? "none" : Long.toString(words)));
        }
        String data = w.string("data");
        if (data.length() != (expectedWords * 4 + 2) / 3 * 4) {
            throw new ModelException(w.at("data"), "expected base64 of " + expectedWords * 4 + " bytes (" + (expectedWords * 4 + 2) / 3 * 4
                    + " characters), got " + data.length() + " characters");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new ModelException(w.at("data"), "not valid base64: " + e.getMessage());
        }
        if (bytes.length != expectedWords * 4) {
            throw new ModelException(w.at("data"), "decodes to " + bytes.length + " bytes, expected " + expectedWords * 4);
        }
        int[] packed = new int[(int) expectedWords];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(packed);
        try {
            return new BinaryWeights(rows, rowLength, packed);
        } catch (IllegalArgumentException e) {
            throw new ModelException(w.at("data"), e.getMessage());
        }
    }

    static Requant requant(JsonReader layer, int channels) {
        JsonReader q = layer.object("requant");
        q.allowOnly(Set.of("multiplier", "bias", "shift"));
        int[] m = q.ints("multiplier", channels, -Requant.MAX_ABS_MULTIPLIER, Requant.MAX_ABS_MULTIPLIER);
        long[] b = q.longs("bias", channels, -Requant.MAX_ABS_BIAS, Requant.MAX_ABS_BIAS);
        int[] s = q.ints("shift", channels, 0, Requant.MAX_SHIFT);
        return new Requant(m, b, s);
    }

    static ActivationType activation(JsonReader r) {
        int bits = r.integer("bits", ActivationType.MIN_BITS, ActivationType.MAX_LOGIT_BITS);
        try {
            return new ActivationType(bits, r.bool("signed"));
        } catch (IllegalArgumentException e) {
            throw new ModelException(r.at("bits"), e.getMessage());
        }
    }

    static void putActivation(ObjectNode node, ActivationType t) {
        node.put("bits", t.bits());
        node.put("signed", t.signed());
    }

    static void putRequant(ObjectNode layer, Requant r) {
        ObjectNode q = layer.putObject("requant");
        ArrayNode mult = q.putArray("multiplier");
        ArrayNode bias = q.putArray("bias");
        ArrayNode shift = q.putArray("shift");
        for (int ch = 0; ch < r.channels(); ch++) {
            mult.add(r.multiplier(ch));
            bias.add(r.bias(ch));
            shift.add(r.shift(ch));
        }
    }

    static void putWeights(ObjectNode layer, BinaryWeights weights) {
        ObjectNode wn = layer.putObject("weights");
        wn.put("encoding", ModelIo.WEIGHT_ENCODING);
        wn.put("words", weights.wordCount());
        int[] words = weights.words();
        ByteBuffer buf = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asIntBuffer().put(words);
        wn.put("data", Base64.getEncoder().encodeToString(buf.array()));
    }
}
