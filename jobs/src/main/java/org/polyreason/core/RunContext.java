package org.polyreason.core;

import com.typesafe.config.Config;

/** What a running job knows about its run: identity, common settings, the warehouse, the config. */
public record RunContext(
    String runId, String job, CommonSettings common, Warehouse warehouse, Config config) {}
