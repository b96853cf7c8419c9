package com.wkpos.edge.hq;

import com.wkpos.edge.hq.TillEntries.Line;
import com.wkpos.edge.hq.TillEntries.Pay;
import java.util.List;

/**
 * Two branches of tenant {@code acme} running the back office in November 2026 (and one job in September), and
 * a rival tenant with a branch and a customer id of the same names, whose figures must never show at acme.
 *
 * <p>Customer {@code c1} (Frau Meier) has job j1 at nord (12000, paid 5000 cash, adjusted -2000, then paid 6000
 * by bank of which 1000 is store credit), j3 at nord in September (4000, unpaid) and j4 at sued (2500, unpaid);
 * {@code c2} (Herr Kurz) has j2 at sued (8000, 3000 paid). Expenses: rent 30000 by bank and supplies 1500 cash
 * (reversed) at nord, wages 20000 by bank at sued. Sales: 1000 at nord, 500 at sued of which 250 refunded.
 */
final class BackOfficeScenario {
    final TillEntries nord = new TillEntries("dev-nord");
    final TillEntries sued = new TillEntries("dev-sued");
    final TillEntries rival = new TillEntries("dev-rival");

    BackOfficeScenario() {
        nord.expense("e1", "RENT", 30000, "BANK", "2026-11-01", "2026-11-01T07:00:00Z");
        nord.job("j3", "c1", "Frau Meier", "2026-09-20", 4000, "2026-09-20T09:00:00Z");
        nord.job("j1", "c1", "Frau Meier", "2026-11-03", 12000, "2026-11-03T09:00:00Z");
        nord.pay("p1", "j1", "c1", "CASH", 5000, 5000, "2026-11-03", "2026-11-03T10:00:00Z");
        nord.sale("n1", 1, "2026-11-05T10:00:00Z", "Anna", List.of(new Line("A", 1, 1000, 160)),
                List.of(new Pay("CASH", 1000)));
        nord.expense("e2", "SUPPLIES", 1500, "CASH", "2026-11-05", "2026-11-05T11:00:00Z");
        nord.reverse("r1", "e2", "SUPPLIES", 1500, "CASH", "2026-11-06", "2026-11-06T09:00:00Z");
        nord.adjust("a1", "j1", "c1", -2000, "2026-11-10", "2026-11-10T08:00:00Z");
        nord.pay("p2", "j1", "c1", "BANK", 6000, 5000, "2026-11-12", "2026-11-12T08:00:00Z");

        sued.job("j2", "c2", "Herr Kurz", "2026-11-20", 8000, "2026-11-20T09:00:00Z");
        sued.pay("p3", "j2", "c2", "CASH", 3000, 3000, "2026-11-21", "2026-11-21T09:00:00Z");
        sued.sale("s1", 1, "2026-11-21T10:00:00Z", "Cem", List.of(new Line("B", 1, 500, 80)),
                List.of(new Pay("CASH", 500)));
        sued.refund(SalesProjector.REFUND, "s1-r", "s1", "2026-11-22T10:00:00Z", "B", 1, 250);
        sued.job("j4", "c1", "Frau Meier", "2026-11-25", 2500, "2026-11-25T09:00:00Z");
        sued.expense("e3", "WAGES", 20000, "BANK", "2026-11-28", "2026-11-28T17:00:00Z");

        rival.job("j9", "c1", "Someone Else", "2026-11-03", 99900, "2026-11-03T09:00:00Z");
        rival.expense("e9", "RENT", 77700, "BANK", "2026-11-03", "2026-11-03T10:00:00Z");
    }
}
