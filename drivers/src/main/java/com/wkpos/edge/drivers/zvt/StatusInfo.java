package com.wkpos.edge.drivers.zvt;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a terminal reported in a status information (ZVT 04 0F). Text fields are empty when the
 * terminal did not send them.
 *
 * @param resultCode BMP 27; 0 means approved
 * @param amount     BMP 04, minor units
 * @param trace      BMP 0B, six digits
 * @param time       BMP 0C as {@code hh:mm:ss}
 * @param date       BMP 0D as {@code MM-DD} (ZVT sends no year here)
 * @param maskedPan  BMP 22, masked digits shown as {@code *}
 * @param terminalId BMP 29, eight digits
 * @param vuNumber   BMP 2A, the merchant's contract number at the acquirer
 * @param receiptNo  BMP 87, four digits
 * @param cardType   BMP 8A, the ZVT card-type id
 * @param cardName   BMP 8B, e.g. {@code girocard}
 * @param stoppedAt  empty when every BMP was understood; otherwise why parsing stopped early (the
 *                   fields before that point are kept)
 */
record StatusInfo(OptionalInt resultCode, OptionalLong amount, String trace, String time, String date,
                  String maskedPan, String terminalId, String vuNumber, String receiptNo, OptionalInt cardType,
                  String cardName, String stoppedAt) {

    static final StatusInfo EMPTY = new StatusInfo(OptionalInt.empty(), OptionalLong.empty(), "", "", "", "", "", "",
            "", OptionalInt.empty(), "", "");

    boolean complete() {
        return stoppedAt.isEmpty();
    }

    /** {@code MM-DD hh:mm:ss}, or whichever half the terminal sent; empty when neither. */
    String dateTime() {
        return (date + " " + time).strip();
    }

    /** The card name when the terminal sent one, else its ZVT card-type id, else empty. */
    String cardLabel() {
        if (!cardName.isEmpty()) {
            return cardName;
        }
        return cardType.isPresent() ? "ZVT card type " + cardType.getAsInt() : "";
    }
}
