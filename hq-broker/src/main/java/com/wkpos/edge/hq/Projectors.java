package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.CustomerProfile;
import com.wkpos.edge.protocol.HybridLogicalClock;
import com.wkpos.edge.protocol.JournalBatch;
import com.wkpos.edge.protocol.SupplyCommand;
import com.wkpos.edge.protocol.SyncCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import org.tinylog.Logger;

/**
 * HQ's views of newly stored journal entries, written in the ingest transaction: stock movements of
 * every entry that moves stock (sales, refunds, voids; summed per branch and SKU, never overwritten),
 * ledger postings of every entry that books (sales, refunds, shifts, gift cards, loyalty) (so HQ can prove every transaction
 * balances) and customer profiles (last writer wins on the HLC, the device id breaking ties, a clock
 * too far ahead rejected and alarmed), the sales, their payments and the refunds and voids an
 * operator lists ({@link SalesProjector}), the back office's jobs, payments, adjustments, expenses and
 * reversals HQ's reports are made from ({@link BackOfficeProjector}), and the transfers and purchase orders
 * HQ tells the other party about ({@link SupplyProjector}).
 */
final class Projectors {
    static final long MAX_DRIFT_MS = Duration.ofMinutes(5).toMillis();
    /** Tills make UUIDs; anything much longer is not a customer id. */
    static final int MAX_CUSTOMER_ID = 128;
    static final java.util.Set<String> CUSTOMER_ENTRIES = java.util.Set.of("customer.created", CustomerProfile.UPDATED);
    static final java.util.List<String> CUSTOMER_FIELDS = java.util.List.of("name", "email", "phone");
    private final Clock clock;

    Projectors(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param changed collects the customer profiles this entry made the last writer, for the branches
     * @param supply  collects the supply commands this entry made, for the branches they go to
     */
    void project(Connection c, String tenant, String branch, String device, JournalBatch.Entry e,
                 java.util.List<CustomerProfile> changed, java.util.List<SupplyCommand> supply) throws SQLException {
        if (CUSTOMER_ENTRIES.contains(e.type())) {
            customer(c, tenant, branch, device, e, changed);
            return;
        }
        JsonNode p = JournalIngest.payload(e);
        SalesProjector.project(c, clock.instant().toString(), tenant, branch, device, e.seq(), e.type(), p);
        BackOfficeProjector.project(c, clock.instant().toString(), tenant, branch, device, e.seq(), e.type(), p);
        SupplyProjector.project(c, clock.instant().toString(), tenant, branch, device, e.seq(), e.type(), p, supply);
        ShopOrders.project(c, clock.instant().toString(), tenant, branch, device, e.seq(), e.type(), p);
        if (StockAlerts.LOW.equals(e.type())) {
            StockAlerts.project(c, clock.instant().toString(), tenant, branch, device, e.seq(), p);
        }
        if (p == null || !p.isObject()) {
            return;
        }
        // Keyed on shape, not on type: sales, refunds, voids and whatever the till adds later carry their
        // stock moves as "stock" and their bookkeeping as "ledger", so HQ's views never miss a new kind.
        if (p.path("stock").isArray()) {
            stock(c, tenant, branch, device, e, p);
        }
        if (p.path("ledger").path("postings").isArray()) {
            ledger(c, device, e, p.path("ledger"));
        }
    }

    private static void stock(Connection c, String tenant, String branch, String device, JournalBatch.Entry e,
                              JsonNode p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hq_stock_moves (device_id, seq, line, tenant, branch,"
                + " sku, delta) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (device_id, seq, line) DO NOTHING")) {
            int line = 0;
            for (JsonNode m : p.path("stock")) {
                if (!m.path("sku").isTextual() || !m.path("delta").canConvertToLong()) {
                    continue;
                }
                ps.setString(1, device);
                ps.setLong(2, e.seq());
                ps.setInt(3, line++);
                ps.setString(4, tenant);
                ps.setString(5, branch);
                ps.setString(6, m.path("sku").asText());
                ps.setLong(7, m.path("delta").asLong());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void ledger(Connection c, String device, JournalBatch.Entry e, JsonNode ledger) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hq_ledger (device_id, seq, line, txn_id, account,"
                + " debit, credit) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (device_id, seq, line) DO NOTHING")) {
            int line = 0;
            for (JsonNode posting : ledger.path("postings")) {
                ps.setString(1, device);
                ps.setLong(2, e.seq());
                ps.setInt(3, line++);
                ps.setString(4, ledger.path("txnId").asText());
                ps.setString(5, posting.path("account").asText());
                ps.setLong(6, posting.path("debit").asLong());
                ps.setLong(7, posting.path("credit").asLong());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void customer(Connection c, String tenant, String branch, String device, JournalBatch.Entry e,
                          java.util.List<CustomerProfile> changed) throws SQLException {
        CustomerProfile profile;
        try {
            profile = profile(device, e);
        } catch (IllegalArgumentException ex) {
            Alarms.raise(c, clock.instant().toString(), "customer-malformed", tenant, branch, device, e.seq(),
                    String.valueOf(ex.getMessage()));
            return;
        }
        if (profile.driftsBeyond(clock.millis(), MAX_DRIFT_MS)) {
            Alarms.raise(c, clock.instant().toString(), "customer-drift", tenant, branch, device, e.seq(),
                    "customer " + profile.id() + " hlc " + HybridLogicalClock.format(profile.hlc())
                            + " is more than " + MAX_DRIFT_MS + " ms ahead of HQ's clock; not applied");
            Logger.warn("customer {} from device {} rejected: clock drift", profile.id(), device);
            return;
        }
        if (upsertCustomer(c, tenant, profile)) {
            changed.add(profile);
        }
    }

    /**
     * The profile a customer entry writes. The till's entries ({@code customerId, name, email, phone}) are
     * timed by the entry's HLC and the writing device; an entry that carries {@code hlc} and {@code device}
     * of its own (a profile relayed from elsewhere) keeps its original writer, so relaying never wins LWW.
     */
    static CustomerProfile profile(String device, JournalBatch.Entry e) {
        JsonNode p = JournalIngest.payload(e);
        if (p == null || !p.isObject()) {
            throw new IllegalArgumentException("customer entry payload is not a JSON object");
        }
        String id = p.hasNonNull("customerId") ? p.get("customerId").asText() : p.path("id").asText(null);
        if (id != null && id.length() > MAX_CUSTOMER_ID) {
            // the id becomes a key of the tenant's customer state, which JSON reads back only up to 50 000 characters
            throw new IllegalArgumentException("customer id of " + id.length() + " characters is longer than "
                    + MAX_CUSTOMER_ID);
        }
        long hlc = p.path("hlc").canConvertToLong() ? p.get("hlc").asLong() : e.hlc();
        String writer = p.hasNonNull("device") ? p.get("device").asText() : device;
        JsonNode source = p.path("fields").isObject() ? p.get("fields") : p;
        java.util.Map<String, String> fields = new java.util.TreeMap<>();
        for (String f : CUSTOMER_FIELDS) {
            if (source.hasNonNull(f)) {
                fields.put(f, source.get(f).asText());
            }
        }
        return new CustomerProfile(id, hlc, writer, fields);
    }

    /** Last writer wins, decided in the database so concurrent HQ instances agree. */
    static boolean upsertCustomer(Connection c, String tenant, CustomerProfile p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hq_customers (tenant, id, hlc, device_id, fields)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant, id) DO UPDATE SET hlc = excluded.hlc,"
                + " device_id = excluded.device_id, fields = excluded.fields"
                + " WHERE excluded.hlc > hq_customers.hlc"
                + " OR (excluded.hlc = hq_customers.hlc AND excluded.device_id > hq_customers.device_id)")) {
            ps.setString(1, tenant);
            ps.setString(2, p.id());
            ps.setLong(3, p.hlc());
            ps.setString(4, p.device());
            ps.setString(5, SyncCodec.encodeString(p.fields()));
            return ps.executeUpdate() > 0;
        }
    }
}
