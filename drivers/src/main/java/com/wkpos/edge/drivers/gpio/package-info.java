/**
 * A cash drawer on a GPIO line: {@link com.wkpos.edge.drivers.gpio.GpioDrawer} ({@code gpio:17?sensor=27}),
 * through Pi4J 3 and its gpiod provider ({@code /dev/gpiochipN}). A kick drives the line high for the
 * pulse, then low; an optional switch input reports {@code drawer.opened}/{@code drawer.closed},
 * debounced by {@code SensorWatch}. {@code GpioOptions} parses the URI, {@code Gpiochip} checks the chip
 * node and builds the Pi4J context. Tests run the same code on Pi4J's mock plugin.
 */
package com.wkpos.edge.drivers.gpio;
