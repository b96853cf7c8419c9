package com.wkpos.edge.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON encoding of every sync message: keys sorted, no white space, so the same message is
 * always the same bytes (batch hashes and signatures are computed over them). Decoding is strict:
 * unknown fields and missing primitives are errors, reported as {@link MalformedMessageException}.
 */
public final class SyncCodec {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();
    /** Larger messages are refused before parsing (a snapshot page stays well below it). */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private SyncCodec() {
    }

    public static byte[] encode(Object message) {
        try {
            return MAPPER.writeValueAsBytes(message instanceof JsonNode n ? n : MAPPER.valueToTree(message));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    public static String encodeString(Object message) {
        return new String(encode(message), StandardCharsets.UTF_8);
    }

    /** @throws MalformedMessageException when the bytes are not a valid {@code type} */
    public static <T> T decode(byte[] bytes, Class<T> type) {
        if (bytes.length > MAX_MESSAGE_BYTES) {
            throw new MalformedMessageException(type.getSimpleName() + " of " + bytes.length + " bytes is over the limit of "
                    + MAX_MESSAGE_BYTES);
        }
        try {
            T value = MAPPER.readValue(bytes, type);
            if (value == null) {
                throw new MalformedMessageException("empty " + type.getSimpleName());
            }
            return value;
        } catch (IOException e) {
            throw new MalformedMessageException("not a valid " + type.getSimpleName() + ": " + firstLine(e.getMessage()), e);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("invalid " + type.getSimpleName() + ": " + firstLine(e.getMessage()), e);
        }
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A message that cannot be decoded or breaks its own rules; the receiver drops and counts it. */
    public static final class MalformedMessageException extends IllegalArgumentException {
        public MalformedMessageException(String message) {
            super(message);
        }

        public MalformedMessageException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
