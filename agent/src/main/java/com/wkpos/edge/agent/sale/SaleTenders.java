package com.wkpos.edge.agent.sale;

import com.wkpos.edge.agent.customer.Customers;
import com.wkpos.edge.agent.fiscal.FiscalDocument;
import com.wkpos.edge.agent.fiscal.ProcessData;
import com.wkpos.edge.agent.journal.JournalTransaction;
import com.wkpos.edge.agent.ledger.Accounts;
import com.wkpos.edge.agent.ledger.LedgerTxn;
import com.wkpos.edge.agent.payment.ExchangeRates;
import com.wkpos.edge.agent.payment.GiftCards;
import com.wkpos.edge.agent.sale.SaleRejectedException.Reason;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns a request's payments into tenders, checks balances they draw on, and builds the sale's ledger transaction. */
final class SaleTenders {
    private SaleTenders() {
    }

    static List<Tender.Line> lines(List<SaleRequest.Payment> payments, String branchCurrency, ExchangeRates rates) {
        List<Tender.Line> out = new ArrayList<>();
        for (int i = 0; i < payments.size(); i++) {
            SaleRequest.Payment p = payments.get(i);
            if (p.currency() == null || p.currency().equals(branchCurrency)) {
                out.add(new Tender.Line(p.method(), p.amount(), null, null, null, p.reference()));
                continue;
            }
            int index = i;
            BigDecimal rate = rates.rate(p.currency()).orElseThrow(() -> new SaleRejectedException(
                    Reason.UNKNOWN_CURRENCY, "payments[" + index + "].currency: " + p.currency()
                    + " is not taken at this branch; configured: " + rates.rates().keySet()));
            out.add(new Tender.Line("CASH", ExchangeRates.toLocal(p.amount(), rate), p.currency(), p.amount(),
                    rate.toPlainString(), null));
        }
        return out;
    }

    /**
     * The tenders of a sale: an exchange's credit (up to the goods' total) first, then what the screen sent.
     *
     * @param credit what goods taken back in an exchange are worth; 0 for a plain sale
     */
    static List<Tender.Line> lines(List<SaleRequest.Payment> payments, String branchCurrency, ExchangeRates rates,
                                   long linesTotal, long credit, String refundId) {
        List<Tender.Line> out = new ArrayList<>();
        if (credit > 0) {
            out.add(new Tender.Line("EXCHANGE", Math.min(credit, linesTotal), null, null, null,
                    refundId == null ? null : "refund:" + refundId));
        }
        out.addAll(lines(payments, branchCurrency, rates));
        return out;
    }

    /** Gift card balances and store credit must cover what the sale takes from them; the customer must exist. */
    static void checkBalances(JournalTransaction tx, List<Tender.Line> tenders, String customerId) throws SQLException {
        Map<String, Long> byCard = new TreeMap<>();
        long credit = 0;
        for (Tender.Line t : tenders) {
            if (t.method().equals("GIFT_CARD")) {
                byCard.merge(t.reference(), t.amount(), Long::sum);
            } else if (t.method().equals("STORE_CREDIT")) {
                credit += t.amount();
            }
        }
        for (Map.Entry<String, Long> card : byCard.entrySet()) {
            long balance = GiftCards.balance(tx, card.getKey()).orElseThrow(() -> new SaleRejectedException(
                    Reason.GIFT_CARD_BALANCE, "no gift card " + card.getKey()));
            if (balance < card.getValue()) {
                throw new SaleRejectedException(Reason.GIFT_CARD_BALANCE, "gift card " + card.getKey() + " holds "
                        + balance + ", not " + card.getValue());
            }
        }
        if (customerId != null) {
            long available = Customers.storeCredit(tx, customerId).orElseThrow(() -> new SaleRejectedException(
                    Reason.UNKNOWN_CUSTOMER, "no customer with id " + customerId));
            if (available < credit) {
                throw new SaleRejectedException(Reason.STORE_CREDIT_BALANCE, "customer " + customerId + " has "
                        + available + " store credit, not " + credit);
            }
        } else if (credit > 0) {
            throw new SaleRejectedException(Reason.STORE_CREDIT_BALANCE, "STORE_CREDIT needs the sale's customerId");
        }
    }

    /** Local cash into the drawer: local notes taken minus change (change always comes from local cash). */
    static long drawerCash(List<Tender.Line> tenders, long change) {
        return tenders.stream().filter(Tender.Line::localCash).mapToLong(Tender.Line::amount).sum() - change;
    }

    /**
     * Each tender on its account (change out of local cash); revenue net of tax; tax payable per rate; the
     * cash-rounding difference on its own account.
     */
    static LedgerTxn ledger(JournalTransaction tx, String saleId, long invoiceNo, PricedSale s, List<Tender.Line> tenders,
                            Tender.Settlement settlement) {
        LedgerTxn.Builder b = new LedgerTxn.Builder(tx.clock(), "sale " + invoiceNo);
        b.debit(Accounts.CASH, drawerCash(tenders, settlement.change()));
        Map<String, Long> other = new TreeMap<>();
        for (Tender.Line t : tenders) {
            if (!t.localCash()) {
                other.merge(account(t), t.amount(), Long::sum);
            }
        }
        other.forEach(b::debit);
        b.credit(Accounts.SALES_REVENUE, s.lines().stream().mapToLong(PricedSale.Line::net).sum());
        Map<String, Long> taxByCode = new TreeMap<>();
        s.lines().forEach(l -> taxByCode.merge(l.taxCode(), l.tax(), Long::sum));
        taxByCode.forEach((code, tax) -> b.credit(Accounts.taxPayable(code), tax));
        b.credit(Accounts.CASH_ROUNDING, settlement.rounding());
        return b.build("sale:" + saleId);
    }

    /**
     * What the security device signs for this sale: gross per VAT rate (cash rounding is not taxable),
     * cash (local net of change, foreign in its own currency) and everything else as non-cash.
     *
     * @throws SaleRejectedException for a line at a VAT rate the fiscal record has no key for
     */
    static FiscalDocument fiscal(String saleId, PricedSale s, List<Tender.Line> tenders, Tender.Settlement settlement) {
        Map<Integer, Long> gross = new TreeMap<>();
        s.lines().forEach(l -> gross.merge(l.taxBasisPoints(), l.total(), Long::sum));
        gross.merge(0, settlement.rounding(), Long::sum);
        List<ProcessData.Payment> pays = new ArrayList<>();
        for (Tender.Line t : tenders) {
            pays.add(t.foreignCurrency() != null ? new ProcessData.Payment(true, t.foreignAmount(), t.foreignCurrency())
                    : new ProcessData.Payment(t.cash(), t.amount(), null));
        }
        if (settlement.change() != 0) {
            pays.add(new ProcessData.Payment(true, -settlement.change(), null));
        }
        try {
            return FiscalDocument.receipt("sale:" + saleId, "SALE",
                    ProcessData.kassenbeleg(ProcessData.BonType.Beleg, gross, pays));
        } catch (ProcessData.UnknownRateException e) {
            throw new SaleRejectedException(Reason.INVALID_REQUEST, e.getMessage() + "; fix the tax rates in the catalog");
        }
    }

    static String account(Tender.Line t) {
        return switch (t.method()) {
            case "CASH" -> t.foreignCurrency() == null ? Accounts.CASH : Accounts.foreignCash(t.foreignCurrency());
            case "CARD" -> Accounts.CARD_CLEARING;
            case "MOBILE" -> Accounts.MOBILE_CLEARING;
            case "GIFT_CARD" -> Accounts.GIFT_CARDS;
            case "STORE_CREDIT" -> Accounts.STORE_CREDIT;
            case "EXCHANGE" -> Accounts.EXCHANGE_CLEARING;
            default -> throw new IllegalArgumentException("no account for payment method " + t.method());
        };
    }
}
