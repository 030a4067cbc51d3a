package dev.bwn.model.io;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Text input decoded strictly as UTF-8, in one place: an invalid or truncated byte sequence is an error naming the
 * file, the byte offset and the line, never a replacement character and never an anonymous "Input length = 1".
 */
public final class StrictText {
    private StrictText() {
    }

    /** The text of {@code file} (a regular file of at most {@code limit} bytes). */
    public static String read(Path file, long limit) {
        return decode(file, InputFiles.readBytes(file, limit));
    }

    /** The lines of {@code file}, split at \n, \r\n or \r. */
    public static List<String> lines(Path file, long limit) {
        return read(file, limit).lines().toList();
    }

    /** Decodes {@code content} read from {@code file}. */
    public static String decode(Path file, byte[] content) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content);
        CharBuffer out = CharBuffer.allocate(content.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            throw new InputFileException(file, "not valid UTF-8 text: byte " + offset + " (line " + lineOf(content, offset)
                    + ") starts an invalid or truncated sequence (0x" + String.format("%02X", content[Math.min(offset, content.length - 1)])
                    + ")");
        }
        return out.flip().toString();
    }

    private static int lineOf(byte[] content, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (content[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
