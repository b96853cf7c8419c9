package com.wkpos.edge.agent.sale;

import com.wkpos.edge.agent.approval.Action;
import com.wkpos.edge.agent.approval.ApprovalPolicy;
import com.wkpos.edge.agent.approval.Approvals;
import com.wkpos.edge.agent.approval.Grant;
import com.wkpos.edge.agent.catalog.Catalogs;
import com.wkpos.edge.agent.payment.CardApproval;
import com.wkpos.edge.agent.payment.CardPayments;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.journal.CanonicalJson;
import com.wkpos.edge.agent.journal.HashChain;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalUnavailableException;
import com.wkpos.edge.agent.journal.JournalVerifier;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.agent.sale.SaleRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where sales are quoted, committed and read back. Thread-safe; {@link #complete} blocks until the
 * sale is durably committed (or rejected).
 *
 * <p>A sale is one {@code sale.completed} journal entry, committed in one transaction with the sale,
 * its lines and payments, the stock movements, the invoice number, the ledger postings and an audit
 * row. An {@code Idempotency-Key} is stored with the sale: the same key with the same request gives
 * back the first sale; with another request it is refused.
 */
public final class Sales {
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);

    private final Journal journal;
    private final Catalogs catalogs;
    private final SaleSettings settings;
    private final Events events;
    private final List<SaleHook> hooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    private volatile SaleTill till;
    private final CardPayments cards;
    private final Approvals approvals;
    private final ParkedSales parked;

    public Sales(Journal journal, Catalogs catalogs, SaleSettings settings, Events events) {
        this(journal, catalogs, settings, events, SaleTill.defaults(), null, null);
    }

    /**
     * @param cards     card payments through the terminal; null when the branch takes no cards
     * @param approvals manager approvals for sales over the threshold; null for none
     */
    /** Puts other exchange rates in force (HQ's); sales already rung up keep what they were paid at. */
    public void exchangeRates(com.wkpos.edge.agent.payment.ExchangeRates rates) {
        SaleTill t = till;
        till = new SaleTill(rates, t.loyalty(), t.fiscal());
    }

    public Sales(Journal journal, Catalogs catalogs, SaleSettings settings, Events events, SaleTill till,
                 CardPayments cards, Approvals approvals) {
        this(journal, catalogs, settings, events, till, cards, approvals, null);
    }

    /** @param parked where a sale the card did not pay is parked for a retry or cancel; null to park none */
    public Sales(Journal journal, Catalogs catalogs, SaleSettings settings, Events events, SaleTill till,
                 CardPayments cards, Approvals approvals, ParkedSales parked) {
        this.parked = parked;
        this.journal = journal;
        this.catalogs = catalogs;
        this.settings = settings;
        this.events = events;
        this.till = till;
        this.cards = cards;
        this.approvals = approvals;
    }

    /** Adds work done with every new sale (queue its receipt, open the drawer); register before selling. */
    public void addHook(SaleHook hook) {
        hooks.add(hook);
    }

    /** The outcome of {@link #complete}: the committed sale, and whether it was committed by an earlier request. */
    public record Completed(SaleView sale, boolean replayed) {
    }

    public static void register(Projections.Builder projections) {
        projections.on(SaleCompleted.TYPE, SaleProjection::project)
                .table("sales", "id", "seq")
                .table("sale_lines", "sale_id, line_no", "seq")
                .table("payments", "id", "seq");
    }

    public static List<JournalVerifier.Check> checks() {
        return List.of(SaleReads.invoiceCheck());
    }

    public SaleSettings settings() {
        return settings;
    }

    /** Prices a cart; writes nothing. */
    public PricedSale quote(List<SaleRequest.Line> lines, String coupon) {
        SaleValidation.lines(lines);
        return price(lines, SaleValidation.coupon(coupon));
    }

    /**
     * Commits a sale, or returns the sale committed earlier under the same key and request.
     *
     * @throws SaleRejectedException       when the sale cannot be made as asked (nothing written)
     * @throws JournalUnavailableException when the journal cannot commit (nothing written; retry with the same key)
     */
    public Completed complete(SaleRequest request, String idempotencyKey, String actor) {
        return complete(request, idempotencyKey, Cashier.actor(actor), actor);
    }

    /**
     * As {@link #complete(SaleRequest, String, String)} for a logged-in staff member; the sale goes to their
     * own open shift, else to the till's latest. A card payment is charged and journaled first, in its own commit; if the sale then fails,
     * the card is reversed (or, failing that, left for a retry with the same key or the start-up recovery).
     *
     * @throws Refused for a declined card (402), a missing approval (403), no open shift where one is required (409)
     */
    public Completed complete(SaleRequest request, String idempotencyKey, Cashier cashier, String origin) {
        return complete(request, idempotencyKey, cashier, origin, null);
    }

    /**
     * As {@link #complete(SaleRequest, String, Cashier, String)}, paid in part (or whole) by goods taken back:
     * the exchange's return is journaled in the sale's own write transaction (see {@link ExchangeReturn}).
     *
     * @param exchange null for a plain sale
     */
    public Completed complete(SaleRequest request, String idempotencyKey, Cashier cashier, String origin,
                              ExchangeReturn.Exchange exchange) {
        String actor = cashier.actor();
        SaleValidation.idempotencyKey(idempotencyKey);
        SaleValidation.lines(request.lines());
        SaleValidation.payments(request.payments(), exchange != null);
        String coupon = SaleValidation.coupon(request.coupon());
        String canonical = CanonicalJson.write(new SaleRequest(request.lines(), coupon, request.payments(),
                request.customerId(), null));
        String digest = HashChain.sha256Hex((exchange == null ? canonical : canonical + "\n" + exchange.request())
                .getBytes(StandardCharsets.UTF_8));
        long cardAmount = request.payments().stream().filter(p -> p.method().equals("CARD"))
                .mapToLong(SaleRequest.Payment::amount).sum();
        long credit = exchange == null ? 0 : exchange.worth();
        Checked checked = checkBeforeWrite(request, coupon, idempotencyKey, digest, actor, origin, cardAmount, credit);
        if (checked.replay() != null) {
            return checked.replay();
        }
        List<Grant> grants = checked.grants();
        CardApproval card = null;
        if (cardAmount > 0) {
            card = charge(request, idempotencyKey, actor, cardAmount, checked.priced().total(), exchange == null);
        }
        SaleCommand.Result result;
        try {
            result = await(journal.submit(new SaleCommand(request, coupon, idempotencyKey, digest, actor, this::price,
                    settings, events, List.copyOf(hooks), till, cashier, card, grants,
                    sku -> catalogs.current().bySku(sku).map(com.wkpos.edge.agent.catalog.Item::serialized).orElse(false),
                    exchange == null ? null : exchange.back())));
        } catch (RuntimeException e) {
            if (card != null && !cards.reverse(card.id(), "the sale failed: " + e.getMessage(), actor)) {
                org.tinylog.Logger.warn("card approval {} kept for a retry or the start-up recovery", card.id());
            }
            throw e;
        }
        SaleView view = result.view() != null ? result.view() : find(result.saleId())
                .orElseThrow(() -> new IllegalStateException("committed sale " + result.saleId() + " not found"));
        return new Completed(view, result.view() == null);
    }

    /** What is settled before the sale reaches the writer: its price, its approvals, or an earlier sale under the key. */
    private record Checked(PricedSale priced, List<Grant> grants, Completed replay) {
    }

    /**
     * Prices and checks approvals where the sale needs a manager or a card. A replay must neither charge the
     * card nor spend an approval again, so those sales look the key up first; for all others the writer's
     * own look-up under the write lock is the one that counts, and a read here would only add latency.
     */
    private Checked checkBeforeWrite(SaleRequest request, String coupon, String key, String digest, String actor,
                                     String origin, long cardAmount, long credit) {
        boolean priceChanged = request.lines().stream().anyMatch(SaleRequest.Line::priceChanged);
        boolean needsApproval = approvals != null && (approvals.policy().saleAbove() != null || priceChanged);
        if (!needsApproval && cardAmount == 0) {
            return new Checked(null, List.of(), null);
        }
        PricedSale priced;
        Map<Action, Long> needs;
        try {
            priced = price(request.lines(), coupon);
            Tender.settle(priced.linesTotal(), SaleTenders.lines(request.payments(), priced.currency(), till.rates(),
                    priced.linesTotal(), credit, null), settings.cashRoundingMinor());
            needs = needsApproval ? approvalsNeeded(priced, approvals.policy()) : Map.of();
        } catch (RuntimeException e) {
            // a replay answers with the sale it made, even if the catalog or the till changed since
            Completed earlier = replay(key, digest).orElseThrow(() -> e);
            return new Checked(null, List.of(), earlier);
        }
        if (needs.isEmpty() && cardAmount == 0) {
            return new Checked(priced, List.of(), null);
        }
        Optional<Completed> earlier = replay(key, digest);
        if (earlier.isPresent()) {
            return new Checked(priced, List.of(), earlier.get());
        }
        return new Checked(priced, needs.isEmpty() ? List.of() : approvals.checkAll(needs, actor, request.approval(),
                origin), null);
    }

    private Optional<Completed> replay(String idempotencyKey, String digest) {
        Optional<SaleReads.KeyUse> used = journal.read(c -> {
            try (var ps = c.prepareStatement(SaleReads.BY_KEY)) {
                return SaleReads.byKey(ps, idempotencyKey);
            }
        });
        return used.map(u -> new Completed(find(sameRequest(u, digest, idempotencyKey)).orElseThrow(), true));
    }

    /**
     * Charges the card part; a decline parks the cart under the key so the screen can retry or cancel it
     * (not an exchange's: resumed alone it would sell the new goods without taking the old ones back).
     */
    private CardApproval charge(SaleRequest request, String key, String actor, long amount, long total, boolean park) {
        if (cards == null) {
            throw new Refused(Refused.Kind.DEVICE, "terminal-unavailable", "this branch has no card terminal");
        }
        if (parked != null) {
            journal.read(c -> {
                try (var ctx = new com.wkpos.edge.agent.shift.ReadContext(c)) {
                    ParkedSales.requireNotCancelled(ctx, key);
                    return null;
                }
            });
        }
        try {
            return cards.authorize(key, amount, actor);
        } catch (Refused r) {
            if (parked == null || !park || r.kind() != Refused.Kind.PAYMENT) {
                throw r;
            }
            String id = parked.park(key, request, total, r.getMessage(), actor);
            throw new Refused(r.kind(), r.type(), r.getMessage() + "; parked as " + id + ": retry with the same"
                    + " Idempotency-Key or cancel with POST /api/v1/sales/" + id + "/cancel", r.extensions());
        }
    }

    /**
     * What a priced sale needs a manager for: a total above the limit, a manual discount above the
     * percentage on any line, any price override. Amounts are what a remote approval must cover.
     */
    static Map<Action, Long> approvalsNeeded(PricedSale priced, ApprovalPolicy policy) {
        Map<Action, Long> needs = new EnumMap<>(Action.class);
        if (policy.needs(Action.SALE, priced.total())) {
            needs.put(Action.SALE, priced.total());
        }
        long manual = priced.lines().stream().mapToLong(PricedSale.Line::manualDiscount).sum();
        if (priced.lines().stream().anyMatch(l -> policy.discountNeedsApproval(l.manualDiscount(),
                Math.multiplyExact(l.unitPrice(), l.qty())))) {
            needs.put(Action.DISCOUNT, manual);
        }
        if (policy.priceOverride() && priced.lines().stream().anyMatch(l -> l.listPrice() != null)) {
            needs.put(Action.PRICE_OVERRIDE, priced.lines().stream().mapToLong(PricedSale.Line::overrideReduction).sum());
        }
        return needs;
    }

    public Optional<SaleView> find(String id) {
        return journal.read(c -> SaleReads.find(c, id));
    }

    PricedSale price(List<SaleRequest.Line> lines, String coupon) {
        try {
            PricedSale priced = PriceCalculator.price(catalogs.current(), lines, coupon, settings);
            if (priced.total() > SaleSettings.MAX_AMOUNT) {
                throw new SaleRejectedException(Reason.INVALID_REQUEST, "the sale total " + priced.total()
                        + " is over the limit of " + SaleSettings.MAX_AMOUNT + " minor units");
            }
            return priced;
        } catch (ArithmeticException e) {
            throw new SaleRejectedException(Reason.INVALID_REQUEST, "amounts too large to price: " + e.getMessage());
        }
    }

    static String sameRequest(SaleReads.KeyUse earlier, String digest, String key) {
        if (!earlier.requestSha256().equals(digest)) {
            throw new SaleRejectedException(Reason.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key " + key
                    + " was used for sale " + earlier.saleId() + " with a different request; use a new key for a new sale");
        }
        return earlier.saleId();
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(COMMIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("sale command failed", e.getCause());
        } catch (TimeoutException e) {
            throw new JournalUnavailableException("the journal did not commit within " + COMMIT_TIMEOUT.toSeconds()
                    + " s; retry with the same Idempotency-Key", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalUnavailableException("interrupted waiting for the commit", e);
        }
    }
}
