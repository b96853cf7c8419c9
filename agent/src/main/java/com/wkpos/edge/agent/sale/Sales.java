package com.wkpos.edge.agent.sale;

import com.wkpos.edge.agent.catalog.Catalogs;
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
import java.util.List;
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

    public Sales(Journal journal, Catalogs catalogs, SaleSettings settings, Events events) {
        this.journal = journal;
        this.catalogs = catalogs;
        this.settings = settings;
        this.events = events;
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
     * Commits a cash sale, or returns the sale committed earlier under the same key and request.
     *
     * @throws SaleRejectedException       when the sale cannot be made as asked (nothing written)
     * @throws JournalUnavailableException when the journal cannot commit (nothing written; retry with the same key)
     */
    public Completed complete(SaleRequest request, String idempotencyKey, String actor) {
        SaleValidation.idempotencyKey(idempotencyKey);
        SaleValidation.lines(request.lines());
        SaleValidation.payments(request.payments());
        String coupon = SaleValidation.coupon(request.coupon());
        String digest = HashChain.sha256Hex(CanonicalJson.write(
                new SaleRequest(request.lines(), coupon, request.payments())).getBytes(StandardCharsets.UTF_8));
        SaleCommand.Result result = await(journal.submit(new SaleCommand(request, coupon, idempotencyKey, digest,
                actor, this::price, settings, events, List.copyOf(hooks))));
        SaleView view = result.view() != null ? result.view() : find(result.saleId())
                .orElseThrow(() -> new IllegalStateException("committed sale " + result.saleId() + " not found"));
        return new Completed(view, result.view() == null);
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
