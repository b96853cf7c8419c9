package com.wkpos.edge.protocol.report;

/** Minor units as a reader sees them on paper: {@code 123456} is {@code 1.234,56}, {@code -5} is {@code -0,05}. */
public final class Money {
    private Money() {
    }

    public static String format(long minor) {
        long abs = Math.abs(minor);
        String units = String.format(java.util.Locale.GERMANY, "%,d", abs / 100);
        return (minor < 0 ? "-" : "") + units + "," + String.format("%02d", abs % 100);
    }
}
