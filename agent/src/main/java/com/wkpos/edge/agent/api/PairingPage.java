package com.wkpos.edge.agent.api;

import com.wkpos.edge.agent.pairing.CodeDrop;

/** The loopback-only page that issues a pairing code on the box's own screen: a form, then the code. */
final class PairingPage {
    private static final String HEAD = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>WK Edge — pair a screen</title>
            <style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:40rem;color:#222}
            .code{font-size:3rem;letter-spacing:.3rem;font-weight:700} code{word-break:break-all}</style></head><body>
            <h1>Pair a POS screen</h1>
            """;

    private PairingPage() {
    }

    static String form() {
        return HEAD + """
                <p>A code is good once, for five minutes. Five wrong codes lock pairing for fifteen minutes.</p>
                <form method="post" action="/pairing"><button type="submit">Show a new code</button></form>
                <p><a href="/">back to the status page</a></p></body></html>
                """;
    }

    static String code(CodeDrop.Issued issued, PairingApi.BoxIdentity box) {
        return HEAD + "<p>Enter this code on the screen:</p><p class=\"code\">" + PairingApi.issuedFor(issued)
                + "</p><p>Good until " + issued.expiresAt() + ", once.</p><p>The screen should see this certificate"
                + " fingerprint (SHA-256):<br><code>" + StatusPage.esc(box.tlsFingerprint()) + "</code></p>"
                + "<p><a href=\"/\">back to the status page</a></p></body></html>";
    }
}
