package dev.verdict.testing.sigstore;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;

/** A test CT log: issues an RFC 6962 SCT list over a precertificate TBS (what Fulcio embeds). */
final class TestCtLog {
  private TestCtLog() {}

  static byte[] sctList(KeyPair log, PublicKey issuerKey, byte[] tbs, Instant time) {
    long ts = time.toEpochMilli();
    ByteArrayOutputStream signed = new ByteArrayOutputStream();
    signed.write(0);
    signed.write(0);
    signed.writeBytes(ByteBuffer.allocate(8).putLong(ts).array());
    signed.writeBytes(new byte[] {0, 1});
    signed.writeBytes(TestRekor.sha256(issuerKey.getEncoded()));
    signed.writeBytes(new byte[] {(byte) (tbs.length >> 16), (byte) (tbs.length >> 8), (byte) tbs.length});
    signed.writeBytes(tbs);
    signed.writeBytes(new byte[] {0, 0});
    byte[] sig = TestSigstore.sign(log.getPrivate(), signed.toByteArray());
    ByteArrayOutputStream sct = new ByteArrayOutputStream();
    sct.write(0);
    sct.writeBytes(TestRekor.sha256(log.getPublic().getEncoded()));
    sct.writeBytes(ByteBuffer.allocate(8).putLong(ts).array());
    sct.writeBytes(new byte[] {0, 0});
    sct.write(4); // sha256
    sct.write(3); // ecdsa
    sct.writeBytes(new byte[] {(byte) (sig.length >> 8), (byte) sig.length});
    sct.writeBytes(sig);
    byte[] one = sct.toByteArray();
    ByteBuffer list = ByteBuffer.allocate(4 + one.length);
    list.putShort((short) (one.length + 2)).putShort((short) one.length).put(one);
    return list.array();
  }
}
