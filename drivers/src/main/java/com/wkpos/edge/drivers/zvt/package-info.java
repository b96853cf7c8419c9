/**
 * ZVT card terminals (PA00P015 commands, PA00P016 serial transport). Entry types:
 * {@link com.wkpos.edge.drivers.zvt.ZvtTerminal}, the {@link com.wkpos.edge.drivers.api.CardTerminal}
 * made from a {@code zvt+tcp:} or {@code zvt+serial:} URI, and
 * {@link com.wkpos.edge.drivers.zvt.ZvtSimulator}, a terminal to test against over TCP or a serial
 * line. Inside: the APDU and BMP codec ({@code Apdu}, {@code Bcd}, {@code StatusInfoParser},
 * {@code Tlv}), the links ({@code TcpLink}, {@code SerialLink} over {@code JsscPort}) and the
 * command/response dialogue ({@code Dialogue}).
 */
package com.wkpos.edge.drivers.zvt;
