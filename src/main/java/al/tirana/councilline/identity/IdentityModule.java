package al.tirana.councilline.identity;

import al.tirana.councilline.platform.axon.AxonWiring;
import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.http.RateLimiter;
import al.tirana.councilline.platform.module.Backend;
import al.tirana.councilline.platform.module.FeatureModule;
import al.tirana.councilline.platform.module.Node;
import al.tirana.councilline.platform.runtime.InParallel;
import io.vertx.sqlclient.Pool;

/** Accounts, log-in, tokens and their signing keys, and the authorization matrix every operation passes. */
public final class IdentityModule implements FeatureModule {

  private InParallel.Pending<SigningKeys.Keys> loadingKeys;
  private SigningKeys.Keys signingKeys;

  @Override
  public void axon(AxonWiring axon) {
    axon.aggregate(Account.class)
        .component(Credentials.class, c -> new AccountProjection(axon.sql()))
        .subscribing(AccountProjection.NAME, c -> new AccountProjection(axon.sql()));
    // the schema is in place and the keys need nothing of Axon's: they load (or the first pair is made) meanwhile
    loadingKeys = InParallel.start("signing-keys",
        () -> SigningKeys.load(axon.config(), axon.database().dataSource(), axon.masterKey()));
  }

  @Override
  public void prepare(Backend backend) throws Exception {
    // on a new database both are slow (the administrator's password hash on purpose, the first RSA key pair by
    // nature) and independent: the keys have been loading since Axon's set-up began
    signingKeys = loadingKeys.joinAfter(() -> Accounts.bootstrapAdmin(backend.database().dataSource(),
        backend.axon().commandGateway(), backend.config().adminPassword()));
  }

  @Override
  public void wire(Node node) {
    Config config = node.config();
    Pool pool = node.pool();
    SigningKeys jwt = SigningKeys.create(node.vertx(), pool, node.masterKey(), signingKeys,
        config.accessTokenMinutes());
    Accounts accounts = new Accounts(node.vertx(), pool, jwt, node.commands(),
        config.lockoutThreshold(), config.lockoutMinutes(), config.accessTokenMinutes());
    Authentication authentication = new Authentication(jwt, pool, ExternalIdentity.create(node.vertx(), config));
    // kept in the database, so that the limit holds for the cluster rather than for each node
    RateLimiter logins = new RateLimiter(pool, "login", config.rateLimitLoginPerMinute(),
        10 * config.rateLimitLoginPerMinute());
    node.authentication(authentication)
        .authorization(AccessPolicy::guard)
        .provide(Authentication.class, authentication)
        .sweep(() -> LoginThrottle.sweep(pool))
        .routes(new AuthRoutes(accounts, logins))
        .routes(new KeyRoutes(jwt));
  }
}
