package com.wkpos.edge.protocol;

import java.nio.charset.StandardCharsets;

/**
 * An HQ-originated message: {@code body} (the canonical JSON of the message, as a string) and HQ's
 * Ed25519 signature over its UTF-8 bytes. The receiver checks the signature against its pinned key
 * before it parses the body, so neither a broker nor another branch can inject prices.
 */
public record SignedMessage(String keyId, String body, String signature) {
    public static SignedMessage sign(Object message, Ed25519.Signer signer) {
        String body = SyncCodec.encodeString(message);
        return new SignedMessage(signer.keyId(), body, signer.sign(body.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The body decoded as {@code type}, after checking the signature.
     *
     * @throws SyncCodec.MalformedMessageException when the signature does not verify or the body is malformed
     */
    public <T> T open(Ed25519.Verifier verifier, Class<T> type) {
        if (body == null || signature == null || !verifier.verify(body.getBytes(StandardCharsets.UTF_8), signature)) {
            throw new SyncCodec.MalformedMessageException("signature does not verify against pinned HQ key "
                    + verifier.keyId() + " (message says key " + keyId + ")");
        }
        return SyncCodec.decode(body.getBytes(StandardCharsets.UTF_8), type);
    }
}
