package org.paperlessroom.config;

import org.junit.jupiter.api.Test;
import org.paperlessroom.support.TestApp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppConfigTest {
  @Test
  void defaultsAreTheDocumentedOnes() {
    AppConfig c = AppConfig.from(Map.of());
    assertEquals(8080, c.httpPort());
    assertEquals(Path.of("./data").toAbsolutePath().normalize(), c.dataDir());
    assertTrue(c.dbUrl().isEmpty());
    assertEquals("http://localhost:8080", c.publicUrl());
    assertEquals(200L * 1024 * 1024, c.maxUploadBytes());
    assertFalse(c.secureCookies());
  }

  @Test
  void aJsonFileIsReadAndTheEnvironmentWins() throws Exception {
    Path file = TestApp.tempDir("config-").resolve("paperless.json");
    Files.writeString(file, "{\"PAPERLESS_HTTP_PORT\": 9090, \"PAPERLESS_PUBLIC_URL\": \"https://hop.vks.gov.vn/\","
        + " \"PAPERLESS_MAX_UPLOAD_MB\": 50}");
    AppConfig c = AppConfig.from(Map.of("PAPERLESS_CONFIG_FILE", file.toString(), "PAPERLESS_MAX_UPLOAD_MB", "70"));
    assertEquals(9090, c.httpPort());
    assertEquals("https://hop.vks.gov.vn", c.publicUrl());
    assertTrue(c.secureCookies(), "https public URL: Secure cookies");
    assertEquals(70L * 1024 * 1024, c.maxUploadBytes(), "the environment wins over the file");
  }

  @Test
  void badValuesAreNamed() {
    assertTrue(assertThrows(ConfigException.class, () -> AppConfig.from(Map.of("PAPERLESS_HTTP_PORT", "70000")))
        .getMessage().contains("PAPERLESS_HTTP_PORT"));
    assertTrue(assertThrows(ConfigException.class, () -> AppConfig.from(Map.of("PAPERLESS_PUBLIC_URL", "ftp://x")))
        .getMessage().contains("PAPERLESS_PUBLIC_URL"));
    assertTrue(assertThrows(ConfigException.class, () -> AppConfig.from(Map.of("PAPERLESS_CONFIG_FILE", "/nope.json")))
        .getMessage().contains("/nope.json"));
  }

  @Test
  void aSingleServerStartsNoClusterAndClusterSettingsAreRead() {
    AppConfig single = AppConfig.from(Map.of("PAPERLESS_DATA_DIR", "/srv/paperless"));
    assertFalse(single.cluster().enabled());
    assertEquals(Path.of("/srv/paperless/documents"), single.documentsDir(), "documents live in the data directory");

    AppConfig node = AppConfig.from(Map.of("PAPERLESS_CLUSTER", "true", "PAPERLESS_CLUSTER_HOST", "10.0.0.11",
        "PAPERLESS_CLUSTER_MEMBERS", "10.0.0.11:5701, 10.0.0.12:5701", "PAPERLESS_DOCUMENTS_DIR", "/mnt/shared"));
    assertTrue(node.cluster().enabled());
    assertEquals("10.0.0.11", node.cluster().host());
    assertEquals(5701, node.cluster().port());
    assertEquals(java.util.List.of("10.0.0.11:5701", "10.0.0.12:5701"), node.cluster().members());
    assertEquals(Path.of("/mnt/shared"), node.documentsDir());

    assertTrue(assertThrows(ConfigException.class, () -> AppConfig.from(Map.of("PAPERLESS_CLUSTER", "yes")))
        .getMessage().contains("PAPERLESS_CLUSTER must be true or false"));
    assertTrue(assertThrows(ConfigException.class, () -> AppConfig.from(Map.of("PAPERLESS_CLUSTER_MEMBERS", "a b;c")))
        .getMessage().contains("PAPERLESS_CLUSTER_MEMBERS"));
    assertTrue(assertThrows(ConfigException.class, () -> AppConfig.from(Map.of("PAPERLESS_CLUSTER_PORT", "0")))
        .getMessage().contains("PAPERLESS_CLUSTER_PORT"));
  }
}
