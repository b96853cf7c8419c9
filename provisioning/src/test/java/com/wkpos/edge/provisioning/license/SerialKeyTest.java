package com.wkpos.edge.provisioning.license;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SerialKeyTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void generatedSerialsHaveTheFormatAndAValidCheckCharacter() {
        for (int i = 0; i < 1_000; i++) {
            String s = SerialKey.generate(random);
            assertThat(s).matches("WKP-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}").doesNotContain("I", "L", "O", "U");
            assertThat(SerialKey.isValid(s)).as(s).isTrue();
        }
    }

    @Test
    void everySingleWrongCharacterAndNeighbourSwapIsCaught() {
        for (int n = 0; n < 200; n++) {
            String s = SerialKey.generate(random);
            for (int i = 4; i < s.length(); i++) {
                if (s.charAt(i) == '-') {
                    continue;
                }
                for (char c : SerialKey.ALPHABET.toCharArray()) {
                    if (c != s.charAt(i)) {
                        String typo = s.substring(0, i) + c + s.substring(i + 1);
                        assertThat(SerialKey.isValid(typo)).as(typo).isFalse();
                    }
                }
                int j = i + 1 < s.length() && s.charAt(i + 1) == '-' ? i + 2 : i + 1;
                if (j < s.length() && s.charAt(i) != s.charAt(j) && !blindPair(s.charAt(i), s.charAt(j))) {
                    char[] swapped = s.toCharArray();
                    swapped[i] = s.charAt(j);
                    swapped[j] = s.charAt(i);
                    assertThat(SerialKey.isValid(new String(swapped))).as(new String(swapped)).isFalse();
                }
            }
        }
    }

    private static boolean blindPair(char a, char b) {
        return (a == '0' && b == 'Z') || (a == 'Z' && b == '0');
    }

    @Test
    void wrongShapesAreInvalid() {
        String s = SerialKey.generate(random);
        assertThat(SerialKey.isValid(s.toLowerCase())).isFalse();
        assertThat(SerialKey.isValid("WKX" + s.substring(3))).isFalse();
        assertThat(SerialKey.isValid(s.replace("-", ""))).isFalse();
        assertThat(SerialKey.isValid(null)).isFalse();
        assertThat(SerialKey.isValid("WKP-IIII-LLLL-OOOO")).isFalse();
        assertThat(SerialKey.normalize("  " + s.toLowerCase() + "\n")).isEqualTo(s);
    }
}
