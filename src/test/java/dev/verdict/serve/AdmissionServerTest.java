package dev.verdict.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The JDK server settings AdmissionServer fixes before the JDK server's configuration is first read. */
class AdmissionServerTest {
  @Test
  void classLoaded_idleKeepAliveConnectionsBeyondTheJdkDefaultOf200_stayOpen() throws Exception {
    Class.forName(AdmissionServer.class.getName(), true, AdmissionServer.class.getClassLoader());
    String max = System.getProperty("sun.net.httpserver.maxIdleConnections");
    assertTrue(max != null && Integer.parseInt(max) >= 1024,
        "256 apiserver/wrk connections must not be closed after their response: " + max);
    assertEquals("true", System.getProperty("sun.net.httpserver.nodelay"));
  }
}
