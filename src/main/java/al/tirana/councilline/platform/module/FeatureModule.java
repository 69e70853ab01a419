package al.tirana.councilline.platform.module;

import al.tirana.councilline.platform.axon.AxonWiring;

/**
 * What one feature contributes to a node: its aggregates, components and projections, the set-up it needs once Axon
 * runs, and its routes and verticles. The composition root ({@code app/Modules}) lists every feature's module; a
 * feature knows only the platform, the shared types and the features it builds on, never the composition root.
 * A module is made anew for each node started, so it may keep what one phase hands the next in its fields.
 */
public interface FeatureModule {

  /** Registers aggregates, components, upcasters and projections with Axon, before it starts (a worker thread). */
  default void axon(AxonWiring axon) {
  }

  /** Blocking set-up once Axon runs and before any route serves (seeding, loading keys), on a worker thread. */
  default void prepare(Backend backend) throws Exception {
  }

  /** Routes, verticles and timers, once the pool is open; on a Vert.x thread, so nothing here may block. */
  default void wire(Node node) {
  }
}
