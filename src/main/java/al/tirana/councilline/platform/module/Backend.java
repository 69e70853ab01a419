package al.tirana.councilline.platform.module;

import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.db.Database;
import al.tirana.councilline.platform.keys.MasterKey;
import org.axonframework.config.Configuration;

/** A node's started back end, as a module's blocking set-up sees it. */
public record Backend(Config config, Database database, MasterKey masterKey, Configuration axon) {
}
