package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.SyncCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A webhook delivery's body, checked (ADR 014): {@code {event: "order.created", order: {id, lines: [{sku, qty}],
 * customer: {name, email, phone}, note}}} or {@code {event: "order.delivered", order: {id}}}; other fields (a
 * shop's {@code deliveryId}) are ignored. Every refusal is a 400 naming the field.
 *
 * @param lines    empty for {@value #DELIVERED}
 * @param customer null when the shop sent none
 */
record ShopDelivery(String event, String orderId, List<ShopOrders.Line> lines, JsonNode customer, String note) {
    static final String CREATED = "order.created";
    static final String DELIVERED = "order.delivered";
    static final int MAX_LINES = 200;
    static final long MAX_QTY = 1_000_000;
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    static ShopDelivery parse(byte[] body) {
        JsonNode doc;
        try {
            doc = SyncCodec.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new HqApiException(400, "invalid-json", "the body is not JSON: " + e.getMessage());
        }
        if (doc == null || !doc.isObject() || !doc.path("order").isObject()) {
            throw new HqApiException(400, "invalid-body", "the body must be {event, order: {id, …}}");
        }
        String event = doc.path("event").asText("");
        JsonNode order = doc.get("order");
        String id = order.path("id").asText("");
        if (!order.path("id").isTextual() || !ORDER_ID.matcher(id).matches()) {
            throw new HqApiException(400, "invalid-order-id", "order.id must be 1..64 of A-Z a-z 0-9 . _ : -, was "
                    + order.path("id"));
        }
        return switch (event) {
            case CREATED -> new ShopDelivery(event, id, lines(order), customer(order), text(order, "note", 500));
            case DELIVERED -> new ShopDelivery(event, id, List.of(), null, null);
            default -> throw new HqApiException(400, "invalid-event", "event must be " + CREATED + " or " + DELIVERED
                    + ", was '" + event + "'");
        };
    }

    static List<ShopOrders.Line> lines(JsonNode order) {
        JsonNode lines = order.get("lines");
        if (lines == null || !lines.isArray() || lines.isEmpty() || lines.size() > MAX_LINES) {
            throw new HqApiException(400, "invalid-lines", "order.lines must be a list of 1.." + MAX_LINES + " {sku, qty}");
        }
        List<ShopOrders.Line> out = new ArrayList<>();
        Set<String> skus = new HashSet<>();
        for (JsonNode l : lines) {
            String sku = l.path("sku").asText("");
            if (!l.path("sku").isTextual() || sku.isBlank() || sku.length() > SupplyRoutes.MAX_SKU) {
                throw new HqApiException(400, "invalid-sku", "each line needs a sku of 1.." + SupplyRoutes.MAX_SKU
                        + " characters, was " + l.path("sku"));
            }
            JsonNode qty = l.path("qty");
            if (!qty.isIntegralNumber() || !qty.canConvertToLong() || qty.asLong() < 1 || qty.asLong() > MAX_QTY) {
                throw new HqApiException(400, "invalid-qty", "line " + sku + ": qty must be a whole number 1.." + MAX_QTY
                        + ", was " + qty);
            }
            if (!skus.add(sku)) {
                throw new HqApiException(400, "duplicate-sku", "sku " + sku + " is on two lines");
            }
            out.add(new ShopOrders.Line(sku, qty.asLong()));
        }
        return out;
    }

    static JsonNode customer(JsonNode order) {
        JsonNode c = order.get("customer");
        if (c == null || c.isNull()) {
            return null;
        }
        if (!c.isObject()) {
            throw new HqApiException(400, "invalid-customer", "order.customer must be {name, email, phone}");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : List.of("name", "email", "phone")) {
            String v = text(c, f, 200);
            if (v != null) {
                out.put(f, v);
            }
        }
        return SyncCodec.MAPPER.valueToTree(out);
    }

    static String text(JsonNode node, String field, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().length() > max) {
            throw new HqApiException(400, "invalid-" + field, field + " must be text of at most " + max + " characters");
        }
        return v.asText();
    }
}
