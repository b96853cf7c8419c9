package com.wkpos.edge.agent.sale;

import com.wkpos.edge.agent.catalog.Catalog;
import com.wkpos.edge.agent.catalog.CatalogDocument.Promotion;
import com.wkpos.edge.agent.catalog.CatalogDocument.PromotionType;
import com.wkpos.edge.agent.catalog.Item;
import com.wkpos.edge.agent.sale.SaleRejectedException.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * Prices a cart against a catalog snapshot. Pure and deterministic; all arithmetic on {@code long}
 * minor units, every division rounded half-up.
 *
 * <p>Rules: per line, the best single item promotion applies; then the best single cart promotion
 * (automatic, or with the sale's coupon), shared over the lines in proportion to their amounts by the
 * largest-remainder method so the shares add up exactly. Tax is per line: for a tax-inclusive line
 * {@code tax = amount × bp / (10000 + bp)}, for a tax-exclusive one {@code tax = amount × bp / 10000}.
 * Cash rounding, when configured, rounds the total to the nearest step.
 */
public final class PriceCalculator {
    private static final long BP = 10_000;

    private PriceCalculator() {
    }

    public static PricedSale price(Catalog catalog, List<SaleRequest.Line> request, String coupon,
                                   SaleSettings settings) {
        if (!catalog.currency().equals(settings.currency())) {
            throw new SaleRejectedException(Reason.CURRENCY_MISMATCH, "the catalog is in " + catalog.currency()
                    + " but the branch sells in " + settings.currency());
        }
        List<Promotion> promotions = applicable(catalog, coupon);
        List<Item> items = new ArrayList<>();
        long[] base = new long[request.size()];
        long[] itemDiscount = new long[request.size()];
        List<List<String>> promoIds = new ArrayList<>();
        long[] manual = new long[request.size()];
        for (int i = 0; i < request.size(); i++) {
            SaleRequest.Line line = request.get(i);
            Item item = resolve(catalog, line, i);
            items.add(item);
            base[i] = Math.multiplyExact(unitPrice(item, line), line.qty());
            Best best = line.unitPrice() != null ? Best.NONE : bestItemPromotion(item, line.qty(), base[i], promotions);
            manual[i] = manualDiscount(line.discount(), base[i] - best.amount, i);
            itemDiscount[i] = best.amount + manual[i];
            promoIds.add(best.id == null ? new ArrayList<>() : new ArrayList<>(List.of(best.id)));
        }
        long[] afterItem = new long[base.length];
        long afterItemSum = 0;
        for (int i = 0; i < base.length; i++) {
            afterItem[i] = base[i] - itemDiscount[i];
            afterItemSum += afterItem[i];
        }
        Best cart = bestCartPromotion(afterItemSum, promotions);
        long[] cartShare = allocate(cart.amount, afterItem);
        List<PricedSale.Line> lines = new ArrayList<>();
        long subtotal = 0;
        long discount = 0;
        long tax = 0;
        long linesTotal = 0;
        for (int i = 0; i < base.length; i++) {
            Item item = items.get(i);
            if (cartShare[i] > 0) {
                promoIds.get(i).add(cart.id);
            }
            long amount = afterItem[i] - cartShare[i];
            long lineTax = item.taxInclusive()
                    ? divideHalfUp(Math.multiplyExact(amount, item.taxBasisPoints()), BP + item.taxBasisPoints())
                    : divideHalfUp(Math.multiplyExact(amount, item.taxBasisPoints()), BP);
            long net = item.taxInclusive() ? amount - lineTax : amount;
            long total = net + lineTax;
            SaleRequest.Line asked = request.get(i);
            lines.add(new PricedSale.Line(i + 1, item.sku(), item.name(), asked.qty(), unitPrice(item, asked),
                    item.taxInclusive(), item.taxCode(), item.taxBasisPoints(), itemDiscount[i] + cartShare[i], net,
                    lineTax, total, List.copyOf(promoIds.get(i)), asked.unitPrice() == null ? null : item.price(),
                    manual[i], asked.priceChanged() ? asked.reason() : null,
                    asked.serials() == null || asked.serials().isEmpty() ? null
                            : java.util.Collections.unmodifiableList(new ArrayList<>(asked.serials()))));
            subtotal += base[i];
            discount += itemDiscount[i] + cartShare[i];
            tax += lineTax;
            linesTotal += total;
        }
        long rounding = cashRounding(linesTotal, settings.cashRoundingMinor());
        return new PricedSale(List.copyOf(lines), subtotal, discount, tax, rounding, linesTotal + rounding,
                settings.currency(), coupon, catalog.version());
    }

    /** The override where staff set one (it replaces the catalog price and its item promotions). */
    private static long unitPrice(Item item, SaleRequest.Line line) {
        return line.unitPrice() != null ? line.unitPrice() : item.price();
    }

    /**
     * A manual discount off {@code amount} (the line after its promotion): a percentage rounded half-up,
     * or an amount that must not exceed the line.
     */
    static long manualDiscount(SaleRequest.Discount discount, long amount, int index) {
        if (discount == null) {
            return 0;
        }
        if (discount.amount() != null) {
            if (discount.amount() > amount) {
                throw new SaleRejectedException(Reason.INVALID_REQUEST, "lines[" + index + "].discount.amount: "
                        + discount.amount() + " is more than the line's " + amount);
            }
            return discount.amount();
        }
        long bp = discount.percent().movePointRight(2).longValueExact();
        return divideHalfUp(Math.multiplyExact(amount, bp), BP);
    }

    /** Rounds {@code total} to the nearest multiple of {@code step} (half-up) and returns the difference. */
    static long cashRounding(long total, int step) {
        if (step <= 1) {
            return 0;
        }
        long rounded = Math.floorDiv(total + step / 2, step) * step;
        return rounded - total;
    }

    /** {@code n / d} rounded half-up, for {@code n >= 0}, {@code d > 0}. */
    static long divideHalfUp(long n, long d) {
        return (n + d / 2) / d;
    }

    /** Splits {@code amount} over {@code weights} in proportion (largest remainder; ties to the earlier line). */
    static long[] allocate(long amount, long[] weights) {
        long[] shares = new long[weights.length];
        long total = 0;
        for (long w : weights) {
            total += w;
        }
        if (amount <= 0 || total <= 0) {
            return shares;
        }
        amount = Math.min(amount, total);
        long given = 0;
        long[] remainders = new long[weights.length];
        for (int i = 0; i < weights.length; i++) {
            long product = Math.multiplyExact(amount, weights[i]);
            shares[i] = product / total;
            remainders[i] = product % total;
            given += shares[i];
        }
        for (long left = amount - given; left > 0; left--) {
            int best = -1;
            for (int i = 0; i < weights.length; i++) {
                if (shares[i] < weights[i] && (best < 0 || remainders[i] > remainders[best])) {
                    best = i;
                }
            }
            shares[best]++;
            remainders[best] = -1;
        }
        return shares;
    }

    private static Item resolve(Catalog catalog, SaleRequest.Line line, int index) {
        if (line.sku() != null) {
            return catalog.bySku(line.sku()).orElseThrow(() -> new SaleRejectedException(Reason.UNKNOWN_PRODUCT,
                    "lines[" + index + "]: no product with sku '" + line.sku() + "'"));
        }
        return catalog.byBarcode(line.barcode()).orElseThrow(() -> new SaleRejectedException(Reason.UNKNOWN_PRODUCT,
                "lines[" + index + "]: no product with barcode '" + line.barcode() + "'"));
    }

    private static List<Promotion> applicable(Catalog catalog, String coupon) {
        if (coupon != null && catalog.promotions().stream().noneMatch(p -> coupon.equals(p.coupon()))) {
            throw new SaleRejectedException(Reason.UNKNOWN_COUPON, "coupon '" + coupon + "' is not known");
        }
        return catalog.promotions().stream()
                .filter(p -> p.coupon() == null || p.coupon().equals(coupon))
                .toList();
    }

    private record Best(String id, long amount) {
        static final Best NONE = new Best(null, 0);
    }

    private static Best bestItemPromotion(Item item, long qty, long base, List<Promotion> promotions) {
        Best best = Best.NONE;
        for (Promotion p : promotions) {
            boolean matches = (p.type() == PromotionType.PERCENT_OFF_ITEM || p.type() == PromotionType.AMOUNT_OFF_ITEM)
                    && ((p.skus() != null && p.skus().contains(item.sku()))
                    || (p.categories() != null && p.categories().stream().anyMatch(item.categories()::contains)));
            if (!matches) {
                continue;
            }
            long amount = p.type() == PromotionType.PERCENT_OFF_ITEM
                    ? divideHalfUp(Math.multiplyExact(base, p.percentBp()), BP)
                    : Math.min(base, Math.multiplyExact(p.amount(), qty));
            if (amount > best.amount) {
                best = new Best(p.id(), amount);
            }
        }
        return best;
    }

    private static Best bestCartPromotion(long amount, List<Promotion> promotions) {
        Best best = Best.NONE;
        for (Promotion p : promotions) {
            if (p.type() != PromotionType.PERCENT_OFF_CART && p.type() != PromotionType.AMOUNT_OFF_CART) {
                continue;
            }
            if (p.minSubtotal() != null && amount < p.minSubtotal()) {
                continue;
            }
            long off = p.type() == PromotionType.PERCENT_OFF_CART
                    ? divideHalfUp(Math.multiplyExact(amount, p.percentBp()), BP)
                    : Math.min(amount, p.amount());
            if (off > best.amount) {
                best = new Best(p.id(), off);
            }
        }
        return best;
    }
}
