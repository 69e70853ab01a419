package al.tirana.councilline.platform.keys;

import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.runtime.StartRefused;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One master key per cluster, checked against the database before the node writes anything. The database keeps a
 * check value of the cluster's key (an HMAC of a fixed label under a key derived from it: it tells keys apart and
 * reveals nothing of them); a node whose key gives another value, or that has no key while the database has one,
 * refuses to start. Otherwise a second node started without the first one's DATA_KEY would seal citizens' data under
 * a key of its own that the other nodes cannot open.
 */
public final class ClusterKey {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterKey.class);
  /** Held while a node checks and records, so two nodes starting together on an empty database agree on one key. */
  private static final long LOCK_KEY = 0x436c4b6579436b76L;
  private static final byte[] LABEL = "CouncilLine cluster master key check, version 1".getBytes(StandardCharsets.UTF_8);
  /** Citizens' data keys a key must open, on a database from before the check value, before it is recorded. */
  private static final int PROOF_SAMPLE = 200;

  private ClusterKey() {
  }

  /**
   * Blocking, at start-up, right after the schema migration and before anything else writes: the node's master key
   * (DATA_KEY or DATA_DIR/master.key), proven to be the cluster's, or a new one when the database holds nothing
   * sealed yet. Throws {@link StartRefused} naming DATA_KEY otherwise.
   */
  public static MasterKey resolve(Config config, DataSource dataSource) throws Exception {
    Optional<MasterKey> configured = MasterKey.configured(config);
    String source = config.dataKey().isPresent() ? "DATA_KEY" : "the master key in " + MasterKey.keyFile(config)
        + " (DATA_KEY is not set)";
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      try (Statement st = connection.createStatement()) {
        st.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
      }
      try {
        Optional<byte[]> recorded = recorded(connection);
        if (recorded.isPresent()) {
          MasterKey key = configured.orElseThrow(() -> new StartRefused("DATA_KEY is not set and this database "
              + "already belongs to a cluster with a master key: start this node with the same DATA_KEY as the other "
              + "nodes. No key was generated and nothing was written."));
          if (!MessageDigest.isEqual(recorded.get(), checkValue(key))) {
            throw new StartRefused(source + " does not match the master key of the cluster this database belongs to "
                + "(its key check value differs): start this node with the same DATA_KEY as the other nodes. "
                + "Nothing was written.");
          }
          return key;
        }
        MasterKey key;
        if (holdsCitizenData(connection)) {
          key = configured.orElseThrow(() -> new StartRefused("DATA_KEY is not set and this database holds "
              + "citizens' data sealed under a master key: start this node with that key as DATA_KEY. No key was "
              + "generated and nothing was written."));
          prove(connection, key, source);
        } else {
          key = configured.isPresent() ? configured.get() : MasterKey.generate(config);
        }
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO cluster_key_check (id, check_value) VALUES (1, ?) ON CONFLICT (id) DO NOTHING")) {
          insert.setBytes(1, checkValue(key));
          insert.executeUpdate();
        }
        LOG.info("Recorded the check value of this cluster's master key; every node must now start with the same "
            + "DATA_KEY");
        return key;
      } finally {
        try (Statement st = connection.createStatement()) {
          st.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
        }
      }
    }
  }

  /** HMAC of a fixed label under a key derived for this purpose alone. */
  static byte[] checkValue(MasterKey key) {
    return MasterKey.hmac(key.derive("cluster-key-check"), LABEL);
  }

  private static Optional<byte[]> recorded(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
         ResultSet rs = st.executeQuery("SELECT check_value FROM cluster_key_check WHERE id = 1")) {
      return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
    }
  }

  private static boolean holdsCitizenData(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
         ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM citizen_data_key)")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /**
   * A database from before the check value: the key must open the citizens' data keys stored under it (the newest
   * ones, which the nodes running now wrapped), or it is not recorded as the cluster's.
   */
  private static void prove(Connection connection, MasterKey key, String source) throws SQLException {
    int tried = 0;
    int refused = 0;
    try (Statement st = connection.createStatement();
         ResultSet rs = st.executeQuery("SELECT citizen_id::text, wrapped_key FROM citizen_data_key "
             + "ORDER BY created_at DESC LIMIT " + PROOF_SAMPLE)) {
      while (rs.next()) {
        tried++;
        try {
          key.unwrap(rs.getBytes(2), rs.getString(1));
        } catch (IllegalStateException wrongKey) {
          refused++;
        }
      }
    }
    if (refused > 0) {
      throw new StartRefused(source + " does not open the citizens' data keys stored in this database (" + refused
          + " of the " + tried + " newest could not be unwrapped): start this node with the DATA_KEY the data was "
          + "sealed under. No key check value was recorded and nothing was written.");
    }
    LOG.info("{} opens the {} newest citizens' data keys stored before the key check existed", source, tried);
  }
}
