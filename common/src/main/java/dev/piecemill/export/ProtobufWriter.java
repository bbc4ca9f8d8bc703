package dev.piecemill.export;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few protobuf wire-format encodings a SentencePiece ModelProto needs: varints, 32-bit
 * floats, length-delimited strings and nested messages. Written by hand because a dozen fields
 * do not justify protobuf-java and a generated class (README: Dependencies).
 */
final class ProtobufWriter {
    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ProtobufWriter int32(int field, int value) {
        tag(field, VARINT);
        varint(value); // a negative int32 is sign-extended to ten bytes, as protobuf does
        return this;
    }

    ProtobufWriter bool(int field, boolean value) {
        tag(field, VARINT);
        varint(value ? 1 : 0);
        return this;
    }

    ProtobufWriter float32(int field, float value) {
        tag(field, FIXED32);
        int bits = Float.floatToIntBits(value);
        for (int i = 0; i < 4; i++) {
            out.write(bits >>> (8 * i)); // little-endian
        }
        return this;
    }

    ProtobufWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtobufWriter bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        varint(value.length);
        out.writeBytes(value);
        return this;
    }

    ProtobufWriter message(int field, ProtobufWriter message) {
        return bytes(field, message.toByteArray());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void tag(int field, int wireType) {
        varint(field << 3 | wireType);
    }

    private void varint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }
}
