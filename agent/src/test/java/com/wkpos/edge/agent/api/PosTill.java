package com.wkpos.edge.agent.api;

import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.hq.Browser;
import java.util.Locale;
import org.openqa.selenium.Keys;

/** The reference POS screen as a cashier works it, keys only, in a real {@link Browser}. */
public final class PosTill {
    private final Browser b;

    public PosTill(Browser b) {
        this.b = b;
    }

    /** Opens {@code /pos/} of a box that has never seen this browser and pairs it with a fresh code. */
    public PosTill pair(Agent agent, String name) {
        b.open(agent.url("127.0.0.1") + "pos/");
        b.type("#pair-code", agent.pairing().issueCode("test").code());
        b.type("#pair-name", name);
        b.click("#pair-form button");
        b.awaitText("#login-error", "Paired as \"" + name + "\"");
        return this;
    }

    public PosTill login(String staffId, String pin) {
        b.type("#login-id", staffId);
        b.type("#login-pin", pin);
        b.visible("#login-pin").sendKeys(Keys.ENTER);
        return this;
    }

    public PosTill openShift(String openingFloat) {
        b.type("#shift-float", openingFloat);
        b.visible("#shift-float").sendKeys(Keys.ENTER);
        b.visible("#search");
        return this;
    }

    /** Types a SKU, barcode or {@code 3*code} into the search field and enters it. */
    public PosTill enter(String text) {
        b.type("#search", text);
        b.visible("#search").sendKeys(Keys.ENTER);
        return this;
    }

    /** Presses a key (e.g. {@link Keys#F2}) in the empty search field. */
    public PosTill key(CharSequence key) {
        b.visible("#search").sendKeys(key);
        return this;
    }

    /** Waits for the basket's total to show {@code minor}. */
    public PosTill awaitTotal(long minor) {
        b.awaitText("#t-total", money(minor));
        return this;
    }

    /** F2 with the amount left as it is (the total), and the next customer. */
    public PosTill payCashExact() {
        key(Keys.F2);
        b.visible("#tendered").sendKeys(Keys.ENTER);
        b.awaitText("#change", "No change due");
        nextCustomer();
        return this;
    }

    public PosTill nextCustomer() {
        b.visible("#dialog button").sendKeys(Keys.ENTER);
        return this;
    }

    /** A manager approves in the dialog the box asked for. */
    public PosTill approve(String managerId, String pin) {
        b.awaitText("#approval-why", "approval");
        b.type("#approval-manager", managerId);
        b.type("#approval-pin", pin);
        b.visible("#approval-pin").sendKeys(Keys.ENTER);
        return this;
    }

    public static String money(long minor) {
        return String.format(Locale.GERMANY, "%,.2f €", minor / 100.0);
    }
}
