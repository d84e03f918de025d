package dev.ferry.manager.rebuild;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A profile of its own, so the rebuild tests get an application, a catalog database and a target of
 * their own: they empty and replace the catalog, which other tests must not see.
 */
public class RebuildProfile implements QuarkusTestProfile {}
