package com.wkpos.edge.drivers.zvt;

import java.io.ByteArrayOutputStream;
import java.util.Currency;

/** Builds the APDUs the cash register (ECR) sends to the terminal (PT). */
final class Commands {
    /** 80 00 00: the positive acknowledgement both sides send for every message they accept. */
    static final Apdu ACK = Apdu.of(0x80, 0x00);
    /** 84 83 00: "function not possible", the answer to a message the ECR does not know. */
    static final Apdu NOT_POSSIBLE = Apdu.of(0x84, 0x83);

    /**
     * Config byte of 06 00: the ECR prints payment and administration receipts from 06 D1/06 D3
     * (bits 0x80, 0x04, 0x02), wants intermediate status (0x08), and the amount and administration are
     * started only from the ECR (0x10, 0x20).
     */
    static final int CONFIG = 0xBE;

    static final int BMP_AMOUNT = 0x04;
    static final int BMP_CURRENCY = 0x49;
    static final int BMP_RECEIPT_NO = 0x87;
    static final long MAX_AMOUNT = 999_999_999_999L;

    private Commands() {
    }

    /** 06 00 Registration: password, config byte, currency code. */
    static Apdu registration(String password, String currency) {
        Bytes b = new Bytes().add(password(password)).add(CONFIG).add(currency(currency));
        return Apdu.of(0x06, 0x00, b.toArray());
    }

    /** 06 01 Authorisation: 04 amount, 49 currency code. */
    static Apdu authorization(long amount, String currency) {
        Bytes b = new Bytes().add(BMP_AMOUNT).add(amount(amount)).add(BMP_CURRENCY).add(currency(currency));
        return Apdu.of(0x06, 0x01, b.toArray());
    }

    /** 06 30 Reversal: password, 87 receipt number. */
    static Apdu reversal(String password, String receiptNo) {
        if (!receiptNo.matches("\\d{1,4}")) {
            throw new IllegalArgumentException("receipt number must be 1 to 4 digits, was '" + receiptNo + "'");
        }
        Bytes b = new Bytes().add(password(password)).add(BMP_RECEIPT_NO)
                .add(Bcd.encode(Long.parseLong(receiptNo), 2));
        return Apdu.of(0x06, 0x30, b.toArray());
    }

    /** 06 31 Refund: password, 04 amount. */
    static Apdu refund(String password, long amount) {
        Bytes b = new Bytes().add(password(password)).add(BMP_AMOUNT).add(amount(amount));
        return Apdu.of(0x06, 0x31, b.toArray());
    }

    /** 06 50 End-of-day: password. */
    static Apdu endOfDay(String password) {
        return Apdu.of(0x06, 0x50, password(password));
    }

    /** 06 B0 Abort: the one command the ECR may send while the terminal runs a transaction. */
    static Apdu abort() {
        return Apdu.of(0x06, 0xB0);
    }

    static byte[] password(String password) {
        if (password == null || !password.matches("\\d{6}")) {
            throw new IllegalArgumentException("ZVT password must be 6 digits");
        }
        return Bcd.encodeDigits(password);
    }

    static byte[] amount(long amount) {
        if (amount <= 0 || amount > MAX_AMOUNT) {
            throw new IllegalArgumentException("amount must be 1.." + MAX_AMOUNT + " minor units, was " + amount);
        }
        return Bcd.encode(amount, 6);
    }

    /** ISO 4217 alpha code → 2 bytes BCD of its numeric code, e.g. EUR → 09 78. */
    static byte[] currency(String currency) {
        int numeric;
        try {
            numeric = Currency.getInstance(currency).getNumericCode();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown currency '" + currency + "'", e);
        }
        return Bcd.encode(numeric, 2);
    }

    /** A growable byte list; the few lines it saves keep the builders above readable. */
    private static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes add(int b) {
            out.write(b);
            return this;
        }

        Bytes add(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        byte[] toArray() {
            return out.toByteArray();
        }
    }
}
