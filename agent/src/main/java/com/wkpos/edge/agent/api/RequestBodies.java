package com.wkpos.edge.agent.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Collectors;

/**
 * Reads JSON request bodies strictly: at most 1 MiB, no unknown fields, no duplicate keys, no
 * trailing content, integers only where integers are due (no {@code 20.5}, no {@code "2000"}). Every
 * refusal says where the problem is, e.g. {@code payments[0].amount}.
 */
final class RequestBodies {
    static final int MAX_BYTES = 1024 * 1024;

    private static final ObjectMapper STRICT = strict();

    private RequestBodies() {
    }

    private static ObjectMapper strict() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    static <T> T read(Context ctx, Class<T> type) {
        byte[] body = bytes(ctx);
        if (body.length == 0) {
            throw new ApiException(400, "malformed-json", "the request body is empty; send a JSON object");
        }
        return parse(body, type);
    }

    /** As {@link #read}, but an empty body is {@code empty}: for steps whose every field is optional. */
    static <T> T readOptional(Context ctx, Class<T> type, T empty) {
        byte[] body = bytes(ctx);
        return body.length == 0 ? empty : parse(body, type);
    }

    private static <T> T parse(byte[] body, Class<T> type) {
        try {
            T value = STRICT.readValue(body, type);
            if (value == null) {
                throw new ApiException(400, "malformed-json", "the request body is null; send a JSON object");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : " (known: " + e.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")";
            String parent = where(e.getPath().subList(0, e.getPath().size() - 1));
            throw new ApiException(400, "unknown-field", "unknown field '" + e.getPropertyName() + "' in "
                    + parent + known);
        } catch (JsonEOFException e) {
            throw new ApiException(400, "malformed-json", "the JSON ends too early (truncated body?) at line "
                    + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr());
        } catch (JsonParseException e) {
            throw new ApiException(400, "malformed-json", "malformed JSON at line " + e.getLocation().getLineNr()
                    + " column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (MismatchedInputException e) {
            throw new ApiException(400, "invalid-field", where(e) + ": " + expected(e));
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof JsonParseException) {
                throw new ApiException(400, "malformed-json", "malformed or truncated JSON: " + e.getCause().getMessage()
                        .lines().findFirst().orElse(""));
            }
            throw new ApiException(400, "invalid-field", where(e) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "malformed-json", "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException(400, "malformed-json", "cannot read the request body: " + e.getMessage());
        }
    }

    private static String expected(MismatchedInputException e) {
        Class<?> target = e.getTargetType();
        if (target == Long.class || target == long.class || target == Integer.class || target == int.class) {
            return "must be an integer (amounts are integers in minor units)";
        }
        if (target == String.class) {
            return "must be a string";
        }
        if (target != null && java.util.List.class.isAssignableFrom(target)) {
            return "must be a list";
        }
        return "must be " + (target == null ? "of another type" : "a JSON object");
    }

    private static String where(JsonMappingException e) {
        return where(e.getPath());
    }

    private static String where(java.util.List<JsonMappingException.Reference> refs) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            }
        }
        return path.isEmpty() ? "the request body" : path.toString();
    }

    /** Reads at most {@link #MAX_BYTES}; more, whether announced by Content-Length or not, is a 413. */
    private static byte[] bytes(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BYTES) {
            throw tooLarge(declared);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(MAX_BYTES + 1);
            if (body.length > MAX_BYTES) {
                throw tooLarge(-1);
            }
            return body;
        } catch (IOException e) {
            throw new ApiException(400, "malformed-json", "cannot read the request body: " + e.getMessage());
        }
    }

    private static ApiException tooLarge(long declared) {
        return new ApiException(413, "payload-too-large", "the request body" + (declared > 0 ? " (" + declared + " bytes)" : "")
                + " is over the limit of " + MAX_BYTES + " bytes");
    }
}
