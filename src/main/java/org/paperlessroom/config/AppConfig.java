package org.paperlessroom.config;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The whole configuration, built once at start-up from environment variables and an optional JSON
 * file ({@code PAPERLESS_CONFIG_FILE}); an environment variable wins over the file. Keys in the file
 * are the environment variable names, e.g. {@code {"PAPERLESS_HTTP_PORT": 9090}}.
 */
public record AppConfig(
    String httpHost,
    int httpPort,
    Path dataDir,
    Optional<String> dbUrl,
    Optional<String> adminPassword,
    String publicUrl,
    long maxUploadBytes,
    int maxPages,
    int sessionIdleMinutes,
    int loginFailuresPerUser,
    int loginFailuresPerAddress,
    int renderWorkers,
    int renderWorkerHeapMb,
    long maxPixelsPerPage,
    int pageTimeoutSeconds,
    int documentTimeoutMinutes,
    Optional<String> sofficePath,
    int officeTimeoutSeconds,
    String orgParent,
    String orgName,
    String orgCode,
    java.time.ZoneId timeZone,
    boolean demo,
    java.util.Set<String> trustedProxies,
    Path documentsDir,
    ClusterSettings cluster,
    int embeddedDbPort) {

  public static final int DEFAULT_HTTP_PORT = 8080;

  public AppConfig {
    if (httpPort < 0 || httpPort > 65535) {
      throw new ConfigException("PAPERLESS_HTTP_PORT must be a port number between 0 and 65535, not " + httpPort);
    }
    if (maxUploadBytes <= 0) {
      throw new ConfigException("PAPERLESS_MAX_UPLOAD_MB must be a positive number");
    }
    publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  /** Reads the process environment (and the JSON file it may name). */
  public static AppConfig fromEnvironment() {
    return from(System.getenv());
  }

  public static AppConfig from(Map<String, String> env) {
    JsonObject file = Optional.ofNullable(env.get("PAPERLESS_CONFIG_FILE"))
        .map(AppConfig::readJsonFile)
        .orElseGet(JsonObject::new);
    Settings s = new Settings(env, file);
    int port = s.integer("PAPERLESS_HTTP_PORT", DEFAULT_HTTP_PORT);
    String publicUrl = s.string("PAPERLESS_PUBLIC_URL").orElse("http://localhost:" + (port == 0 ? DEFAULT_HTTP_PORT : port));
    checkUrl(publicUrl);
    return new AppConfig(
        s.string("PAPERLESS_HTTP_HOST").orElse("0.0.0.0"),
        port,
        Path.of(s.string("PAPERLESS_DATA_DIR").orElse("./data")).toAbsolutePath().normalize(),
        s.string("PAPERLESS_DB_URL"),
        s.string("PAPERLESS_ADMIN_PASSWORD"),
        publicUrl,
        s.integer("PAPERLESS_MAX_UPLOAD_MB", 200) * 1024L * 1024L,
        s.integer("PAPERLESS_MAX_PAGES", 2000),
        s.integer("PAPERLESS_SESSION_IDLE_MINUTES", 120),
        s.integer("PAPERLESS_LOGIN_FAILURES_PER_USER", 10),
        s.integer("PAPERLESS_LOGIN_FAILURES_PER_ADDRESS", 30),
        s.integer("PAPERLESS_RENDER_WORKERS", 2),
        s.integer("PAPERLESS_RENDER_WORKER_HEAP_MB", 512),
        s.integer("PAPERLESS_MAX_PIXELS_PER_PAGE", 6_000_000),
        s.integer("PAPERLESS_PAGE_TIMEOUT_SECONDS", 30),
        s.integer("PAPERLESS_DOCUMENT_TIMEOUT_MINUTES", 30),
        s.string("PAPERLESS_SOFFICE"),
        s.integer("PAPERLESS_OFFICE_TIMEOUT_SECONDS", 120),
        s.string("PAPERLESS_ORG_PARENT").orElse("VIỆN KIỂM SÁT NHÂN DÂN TỈNH"),
        s.string("PAPERLESS_ORG_NAME").orElse("VIỆN KIỂM SÁT NHÂN DÂN KHU VỰC"),
        s.string("PAPERLESS_ORG_CODE").orElse("VKS"),
        zone(s.string("PAPERLESS_TIME_ZONE").orElse("Asia/Ho_Chi_Minh")),
        "true".equalsIgnoreCase(s.string("PAPERLESS_DEMO").orElse("false")),
        java.util.Set.copyOf(java.util.Arrays.stream(s.string("PAPERLESS_TRUSTED_PROXIES").orElse("").split(","))
            .map(String::trim).filter(a -> !a.isEmpty()).toList()),
        Path.of(s.string("PAPERLESS_DOCUMENTS_DIR").orElse(
            Path.of(s.string("PAPERLESS_DATA_DIR").orElse("./data")).resolve("documents").toString())).toAbsolutePath().normalize(),
        ClusterSettings.from(s::string, s::integer),
        s.integer("PAPERLESS_EMBEDDED_DB_PORT", 0));
  }

  /** True when cookies must carry the Secure flag (the public URL is https). */
  public boolean secureCookies() {
    return publicUrl.startsWith("https://");
  }

  public org.paperlessroom.document.render.RenderSettings renderSettings() {
    return new org.paperlessroom.document.render.RenderSettings(Math.max(1, renderWorkers), renderWorkerHeapMb,
        dataDir.resolve("tmp"), maxPages, maxPixelsPerPage, java.time.Duration.ofSeconds(pageTimeoutSeconds),
        java.time.Duration.ofMinutes(documentTimeoutMinutes), java.time.Duration.ofSeconds(Math.min(pageTimeoutSeconds, 8)));
  }

  public Path embeddedDbDir() {
    return dataDir.resolve("postgres");
  }

  public AppConfig withHttpPort(int port) {
    return new AppConfig(httpHost, port, dataDir, dbUrl, adminPassword, publicUrl, maxUploadBytes, maxPages,
        sessionIdleMinutes, loginFailuresPerUser, loginFailuresPerAddress, renderWorkers, renderWorkerHeapMb,
        maxPixelsPerPage, pageTimeoutSeconds, documentTimeoutMinutes, sofficePath, officeTimeoutSeconds,
        orgParent, orgName, orgCode, timeZone, demo, trustedProxies, documentsDir, cluster, embeddedDbPort);
  }

  private static java.time.ZoneId zone(String id) {
    try {
      return java.time.ZoneId.of(id);
    } catch (java.time.DateTimeException e) {
      throw new ConfigException("PAPERLESS_TIME_ZONE must be a time zone such as Asia/Ho_Chi_Minh, not '" + id + "'");
    }
  }

  private static void checkUrl(String url) {
    try {
      URI uri = URI.create(url);
      if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException("PAPERLESS_PUBLIC_URL must be an http:// or https:// address, not '" + url + "'");
    }
  }

  private static JsonObject readJsonFile(String file) {
    try {
      return new JsonObject(Files.readString(Path.of(file)));
    } catch (Exception e) {
      throw new ConfigException("Cannot read the configuration file " + file + ": " + e.getMessage());
    }
  }

  private record Settings(Map<String, String> env, JsonObject file) {
    Optional<String> string(String key) {
      String value = env.get(key);
      if (value == null && file.containsKey(key) && file.getValue(key) != null) {
        value = String.valueOf(file.getValue(key));
      }
      return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    int integer(String key, int fallback) {
      Optional<String> value = string(key);
      try {
        return value.map(Integer::parseInt).orElse(fallback);
      } catch (NumberFormatException e) {
        throw new ConfigException(key + " must be a whole number, not '" + value.get() + "'");
      }
    }
  }
}
