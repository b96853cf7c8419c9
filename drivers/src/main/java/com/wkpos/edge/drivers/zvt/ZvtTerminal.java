package com.wkpos.edge.drivers.zvt;

import com.wkpos.edge.drivers.api.CardOutcome;
import com.wkpos.edge.drivers.api.CardTerminal;
import com.wkpos.edge.drivers.api.DeviceEvent;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceUri;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * A ZVT payment terminal over TCP ({@code zvt+tcp://host:20007}) or a serial line
 * ({@code zvt+serial:/dev/ttyUSB1?baud=9600}); options {@code password}, {@code timeout} and
 * {@code ackTimeout} as in {@link ZvtConfig}.
 *
 * <p>Connection: {@link #open} connects at once and fails when it cannot. Afterwards a lost or
 * confused connection (an error, a timed-out transaction) is dropped and {@link #state()} turns
 * {@code OFFLINE}; the next call connects again, so a device manager that reads {@code state()}
 * and retries needs nothing else.
 *
 * <p>Thread-safety: transactions run one at a time, in call order (a second caller waits for the
 * first); {@link #abort()}, {@link #state()} and {@link #close()} never wait for them.
 */
public final class ZvtTerminal implements CardTerminal {
    /** Opens the link for a configuration; swapped in tests for an in-memory serial line. */
    interface LinkOpener {
        ZvtLink open(ZvtConfig config) throws IOException;
    }

    private final ZvtConfig config;
    private final LinkOpener opener;
    private final ReentrantLock transactions = new ReentrantLock(true);
    private final List<Consumer<DeviceEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile ZvtLink link;
    private volatile Dialogue running;
    private volatile DeviceState state = DeviceState.of(DeviceState.Status.OFFLINE, "not connected yet");
    private volatile boolean closed;

    ZvtTerminal(ZvtConfig config, LinkOpener opener) {
        this.config = config;
        this.opener = opener;
    }

    /**
     * Connects to the terminal {@code uri} names.
     *
     * @throws IllegalArgumentException the URI is not a ZVT URI or has a bad option
     * @throws DeviceException          the terminal cannot be reached (state {@code OFFLINE})
     */
    public static ZvtTerminal open(DeviceUri uri) throws DeviceException {
        ZvtTerminal terminal = new ZvtTerminal(ZvtConfig.from(uri), Links::open);
        terminal.transactions.lock();
        try {
            terminal.connected("open");
        } finally {
            terminal.transactions.unlock();
        }
        return terminal;
    }

    /**
     * @throws DeviceException OFFLINE when the terminal cannot be reached or stops answering; ERROR
     *                         when it refuses the registration (wrong password, currency, …)
     */
    @Override
    public void register(String currency) throws DeviceException {
        CardOutcome outcome = transact("register", Commands.registration(config.password(), currency), 0, null);
        String refusal = switch (outcome) {
            case CardOutcome.Approved a -> null;
            case CardOutcome.Declined d -> d.message();
            case CardOutcome.Aborted a -> a.reason();
            case CardOutcome.TimedOut t -> throw new DeviceException(describe(state) + " on register: " + t.detail(),
                    state);
        };
        if (refusal != null) {
            DeviceState refused = DeviceState.of(DeviceState.Status.ERROR, "registration refused: " + refusal);
            setState(refused);
            throw new DeviceException(describe(refused) + " on register " + currency, refused);
        }
    }

    @Override
    public CardOutcome authorize(long amount, String currency, Consumer<String> prompts) throws DeviceException {
        return transact("authorize", Commands.authorization(amount, currency), amount, prompts);
    }

    @Override
    public CardOutcome reverse(String receiptNo, Consumer<String> prompts) throws DeviceException {
        return transact("reverse", Commands.reversal(config.password(), receiptNo), 0, prompts);
    }

    @Override
    public CardOutcome refund(long amount, String currency, Consumer<String> prompts) throws DeviceException {
        // 06 31 carries no currency; checking it anyway makes misuse fail here as it does in authorize
        Commands.currency(currency);
        return transact("refund", Commands.refund(config.password(), amount), amount, prompts);
    }

    @Override
    public CardOutcome endOfDay(Consumer<String> prompts) throws DeviceException {
        return transact("endOfDay", Commands.endOfDay(config.password()), 0, prompts);
    }

    /** Sends 06 B0 when a transaction is running; does nothing otherwise. Returns at once. */
    @Override
    public void abort() {
        Dialogue d = running;
        if (d != null) {
            d.requestAbort();
        }
    }

    @Override
    public String uri() {
        return config.uri();
    }

    @Override
    public DeviceState state() {
        return state;
    }

    @Override
    public void onEvent(Consumer<DeviceEvent> listener) {
        listeners.add(listener);
    }

    /** Releases the link at once; a transaction running on another thread ends as TimedOut. */
    @Override
    public void close() {
        closed = true;
        dropLink();
        setState(DeviceState.of(DeviceState.Status.CLOSED, "closed"));
    }

    private CardOutcome transact(String what, Apdu command, long amount, Consumer<String> prompts)
            throws DeviceException {
        transactions.lock();
        try {
            ZvtLink current = connected(what);
            Dialogue dialogue = new Dialogue(current, config.timeout(), config.ackTimeout(), promptsTo(prompts), amount);
            running = dialogue;
            CardOutcome outcome;
            try {
                outcome = dialogue.run(command);
            } catch (IOException e) {
                throw offline(what, e);
            } finally {
                running = null;
            }
            if (outcome instanceof CardOutcome.TimedOut t) {
                // the terminal may still be talking about this transaction: start afresh next time
                dropLink();
                setState(DeviceState.of(DeviceState.Status.OFFLINE, "no answer in " + what + "; reconnects on next use"));
            } else {
                setState(DeviceState.online());
            }
            Logger.info("{} {} → {}", config.uri(), what, summary(outcome));
            return outcome;
        } finally {
            transactions.unlock();
        }
    }

    /** The open link, connecting first when there is none. Call with the transaction lock held. */
    private ZvtLink connected(String what) throws DeviceException {
        if (closed) {
            throw new DeviceException("terminal=" + config.uri() + " state=CLOSED on " + what, state);
        }
        ZvtLink current = link;
        if (current != null) {
            return current;
        }
        try {
            current = opener.open(config);
        } catch (IOException e) {
            throw offline(what, e);
        }
        link = current;
        if (closed) {
            dropLink();
            throw new DeviceException("terminal=" + config.uri() + " state=CLOSED on " + what, state);
        }
        setState(DeviceState.online());
        return current;
    }

    private DeviceException offline(String what, IOException cause) {
        dropLink();
        DeviceState offline = DeviceState.of(DeviceState.Status.OFFLINE, String.valueOf(cause.getMessage()));
        setState(offline);
        return new DeviceException(describe(offline) + " on " + what, offline, cause);
    }

    private String describe(DeviceState s) {
        return "terminal=" + config.uri() + " state=" + s.status() + " (" + s.detail() + ")";
    }

    private void dropLink() {
        ZvtLink current = link;
        link = null;
        if (current != null) {
            current.close();
        }
    }

    private void setState(DeviceState next) {
        DeviceState previous = state;
        if (closed && next.status() != DeviceState.Status.CLOSED) {
            return;
        }
        state = next;
        if (previous.status() != next.status()) {
            emit("device.state", Map.of("status", next.status().name(), "detail", next.detail()));
        }
    }

    private Dialogue.Prompts promptsTo(Consumer<String> prompts) {
        return (code, text) -> {
            if (prompts != null) {
                try {
                    prompts.accept(text);
                } catch (RuntimeException e) {
                    Logger.warn(e, "prompt consumer of {} failed on '{}'", config.uri(), text);
                }
            }
            emit("terminal.prompt", Map.of("text", text, "code", code));
        };
    }

    private void emit(String type, Map<String, Object> data) {
        DeviceEvent event = new DeviceEvent(config.uri(), type, data);
        for (Consumer<DeviceEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                Logger.warn(e, "event listener of {} failed on {}", config.uri(), type);
            }
        }
    }

    private static String summary(CardOutcome outcome) {
        return switch (outcome) {
            case CardOutcome.Approved a when a.receiptNo().isEmpty() -> "done " + a.amount();
            case CardOutcome.Approved a -> "approved " + a.amount() + " receipt " + a.receiptNo() + " trace " + a.trace();
            case CardOutcome.Declined d -> "declined " + d.message();
            case CardOutcome.Aborted a -> "aborted: " + a.reason();
            case CardOutcome.TimedOut t -> "timed out: " + t.detail();
        };
    }
}
