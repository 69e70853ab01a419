package al.tirana.councilline.platform.config;

import al.tirana.councilline.platform.db.Database;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Configuration")
class ConfigTest {

  @Test
  @DisplayName("has safe defaults when the environment is empty")
  void defaults() {
    Config config = Config.from(Map.of());
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.databaseUrl()).isEmpty();
    assertThat(config.dataDir().toString()).endsWith("data");
    assertThat(config.trackingPrefix()).isEqualTo("TR");
    assertThat(config.slaUrgent()).isEqualTo(Duration.ofDays(3));
    assertThat(config.slaNormal()).isEqualTo(Duration.ofDays(15));
  }

  @Test
  @DisplayName("reads short SLA durations for demos")
  void shortSla() {
    assertThat(Config.from(Map.of("SLA_URGENT", "PT10S")).slaUrgent()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  @DisplayName("names the variable when a value is wrong")
  void wrongValues() {
    assertThatThrownBy(() -> Config.from(Map.of("HTTP_PORT", "eighty"))).hasMessageContaining("HTTP_PORT");
    assertThatThrownBy(() -> Config.from(Map.of("SLA_NORMAL", "15 days"))).hasMessageContaining("SLA_NORMAL");
    assertThatThrownBy(() -> Config.from(Map.of("TRUSTED_PROXIES", "10.0.0.0/8, proxy.internal")))
        .hasMessageContaining("TRUSTED_PROXIES").hasMessageContaining("proxy.internal");
  }

  @Test
  @DisplayName("reads both proxy headers unless TRUSTED_PROXY_HEADER names one, and refuses any other value")
  void trustedProxyHeader() {
    assertThat(Config.from(Map.of()).trustedProxyHeader()).isEqualTo("both");
    assertThat(Config.from(Map.of("TRUSTED_PROXY_HEADER", "X-Forwarded-For")).trustedProxyHeader())
        .isEqualTo("x-forwarded-for");
    assertThat(Config.from(Map.of("TRUSTED_PROXY_HEADER", "Forwarded")).trustedProxyHeader()).isEqualTo("forwarded");
    assertThatThrownBy(() -> Config.from(Map.of("TRUSTED_PROXY_HEADER", "X-Real-IP")))
        .hasMessageContaining("TRUSTED_PROXY_HEADER");
  }

  @Test
  @DisplayName("runs Axon tuned unless AXON_TUNING is off, and refuses any other value")
  void axonTuning() {
    assertThat(Config.from(Map.of()).axonTuning()).isTrue();
    assertThat(Config.from(Map.of("AXON_TUNING", "OFF")).axonTuning()).isFalse();
    assertThatThrownBy(() -> Config.from(Map.of("AXON_TUNING", "false"))).hasMessageContaining("AXON_TUNING");
  }

  @Test
  @DisplayName("gives a 512 MB node places for at least 50,000 live subscribers by default, reads LIVE_MAX_SUBSCRIBERS, "
      + "and refuses less than 1")
  void liveMaxSubscribers() {
    assertThat(Config.defaultLiveMaxSubscribers(512L * 1024 * 1024)).isGreaterThanOrEqualTo(50_000);
    // the reserve stays free: the places never claim the whole heap
    assertThat(Config.defaultLiveMaxSubscribers(512L * 1024 * 1024) * Config.LIVE_BYTES_PER_SUBSCRIBER)
        .isLessThanOrEqualTo(512L * 1024 * 1024 - Config.LIVE_RESERVED_HEAP);
    assertThat(Config.defaultLiveMaxSubscribers(48L * 1024 * 1024)).isEqualTo(100);
    assertThat(Config.from(Map.of()).liveMaxSubscribers())
        .isEqualTo(Config.defaultLiveMaxSubscribers(Runtime.getRuntime().maxMemory()));
    assertThat(Config.from(Map.of("LIVE_MAX_SUBSCRIBERS", "3")).liveMaxSubscribers()).isEqualTo(3);
    assertThatThrownBy(() -> Config.from(Map.of("LIVE_MAX_SUBSCRIBERS", "0")))
        .hasMessageContaining("LIVE_MAX_SUBSCRIBERS");
  }

  @Test
  @DisplayName("turns DATABASE_URL into JDBC settings, decoding credentials")
  void databaseUrl() {
    Database.Parsed parsed = Database.Parsed.of("postgres://council%40line:p%3Ass@db.internal:6543/council?sslmode=require");
    assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/council?sslmode=require");
    assertThat(parsed.user()).isEqualTo("council@line");
    assertThat(parsed.password()).isEqualTo("p:ss");
    assertThat(Database.Parsed.of("postgresql://u@localhost/db").jdbcUrl())
        .isEqualTo("jdbc:postgresql://localhost:5432/db");
    assertThatThrownBy(() -> Database.Parsed.of("not a url")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("prints every setting but no credential: passwords, keys, secrets, tokens and DATABASE_URL's password")
  void printsNoCredential() {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("DATABASE_URL", "postgres://council:db-pass-1@db.internal:5432/council");
    env.put("ADMIN_PASSWORD", "admin-pass-2");
    env.put("DATA_KEY", "data-key-3");
    env.put("JWT_SECRET", "jwt-secret-4");
    env.put("SMTP_PASSWORD", "smtp-pass-5");
    env.put("METRICS_TOKEN", "metrics-token-6");
    env.put("WHATSAPP_ACCESS_TOKEN", "wa-token-7");
    env.put("WHATSAPP_APP_SECRET", "wa-secret-8");
    env.put("WHATSAPP_VERIFY_TOKEN", "wa-verify-9");
    env.put("HTTP_PORT", "8123");
    String printed = Config.from(env).toString();
    assertThat(printed).doesNotContain("db-pass-1", "admin-pass-2", "data-key-3", "jwt-secret-4", "smtp-pass-5",
        "metrics-token-6", "wa-token-7", "wa-secret-8", "wa-verify-9");
    assertThat(printed).contains("httpPort=8123", "//council:***@db.internal:5432/council", "adminPassword=***");
    assertThat(Config.from(Map.of()).toString()).contains("adminPassword=Optional.empty");
    assertThat(Database.Parsed.of(env.get("DATABASE_URL")).toString()).contains("user=council")
        .doesNotContain("db-pass-1");
  }
}
