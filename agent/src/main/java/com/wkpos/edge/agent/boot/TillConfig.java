package com.wkpos.edge.agent.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wkpos.edge.agent.approval.ApprovalPolicy;
import com.wkpos.edge.agent.customer.LoyaltyRule;
import com.wkpos.edge.agent.payment.ExchangeRates;
import com.wkpos.edge.agent.shift.ShiftSettings;
import com.wkpos.edge.agent.staff.StaffDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The till's configuration: who works at the branch ({@code staff} file) and the till rules ({@code till}
 * file: shifts, approvals, exchange rates, loyalty). {@code demo} uses the demo files shipped with the agent.
 * Read once at start-up; an unknown or bad key fails naming it.
 */
public record TillConfig(Optional<Path> staffFile, Optional<Path> tillFile, boolean demo) {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("requireOpenShift", "varianceAlert", "zone", "exchangeRates",
            "approvals", "loyalty");

    public static TillConfig none() {
        return new TillConfig(Optional.empty(), Optional.empty(), false);
    }

    /** The rules parsed from the till file. */
    record Rules(ShiftSettings shifts, ApprovalPolicy approvals, ExchangeRates rates, LoyaltyRule loyalty) {
    }

    StaffDirectory staff() {
        if (staffFile.isPresent()) {
            return StaffDirectory.read(staffFile.get());
        }
        return demo ? StaffDirectory.demo() : StaffDirectory.empty();
    }

    Rules rules() {
        JsonNode doc;
        String where;
        try {
            if (tillFile.isPresent()) {
                where = tillFile.get().toString();
                try (InputStream in = Files.newInputStream(tillFile.get())) {
                    doc = MAPPER.readTree(in);
                }
            } else if (demo) {
                where = "demo till";
                try (InputStream in = TillConfig.class.getResourceAsStream("/demo/till.json")) {
                    doc = MAPPER.readTree(in);
                }
            } else {
                return new Rules(ShiftSettings.defaults(), ApprovalPolicy.none(), ExchangeRates.none(), LoyaltyRule.defaults());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read till file " + tillFile.orElse(null) + ": " + e.getMessage(), e);
        }
        try {
            return parse(doc);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    static Rules parse(JsonNode doc) {
        for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown key " + key + "; known: " + KEYS);
            }
        }
        ShiftSettings d = ShiftSettings.defaults();
        if (doc.has("requireOpenShift") && !doc.get("requireOpenShift").asBoolean(true)) {
            throw new IllegalArgumentException("requireOpenShift cannot be false: every sale, refund and cash movement"
                    + " belongs to an open shift; remove the key");
        }
        ShiftSettings shifts = new ShiftSettings(doc.path("varianceAlert").asLong(d.varianceAlert()), ZoneId.of(doc.path("zone").asText(d.zone().getId())));
        JsonNode a = doc.path("approvals");
        ApprovalPolicy approvals = new ApprovalPolicy(amount(a, "saleAbove"), amount(a, "cashOutAbove"),
                amount(a, "refundAbove"), a.path("void").asBoolean(false), a.path("noSale").asBoolean(false),
                percentBp(a, "discountAbovePercent"), a.path("priceOverride").asBoolean(false),
                stockAdjustmentAbove(a));
        Map<String, BigDecimal> rates = new LinkedHashMap<>();
        doc.path("exchangeRates").properties().forEach(e -> rates.put(e.getKey(), new BigDecimal(e.getValue().asText())));
        JsonNode l = doc.path("loyalty");
        LoyaltyRule dl = LoyaltyRule.defaults();
        LoyaltyRule loyalty = new LoyaltyRule(l.path("unit").asLong(dl.unit()), l.path("pointsPerUnit").asLong(dl.pointsPerUnit()),
                l.path("pointValue").asLong(dl.pointValue()));
        return new Rules(shifts, approvals, new ExchangeRates(rates), loyalty);
    }

    /** A percentage with at most two decimals (12.5) as basis points (1250). */
    private static Long percentBp(JsonNode node, String field) {
        if (!node.hasNonNull(field)) {
            return null;
        }
        BigDecimal percent = new BigDecimal(node.get(field).asText());
        try {
            return percent.movePointRight(2).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("approvals." + field + " allows at most two decimals, was " + percent, e);
        }
    }

    /** Absent or null: 0, every stock write-off by a cashier needs a manager. */
    private static long stockAdjustmentAbove(JsonNode approvals) {
        JsonNode v = approvals.path("stockAdjustmentAbove");
        if (v.isMissingNode() || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("approvals.stockAdjustmentAbove must be an amount in minor units, was " + v);
        }
        return v.asLong();
    }

    private static Long amount(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asLong() : null;
    }
}
