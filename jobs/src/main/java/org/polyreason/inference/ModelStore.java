package org.polyreason.inference;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The warehouse's model store: {@code <warehouse>/models/<id>/} holds a model the {@code train} job
 * wrote ({@code <id>.properties}, {@code <id>-0000.params}, {@code tokenizer.json}, {@code
 * tokenizer_config.json}). A model there is found by its id alone: {@code generate} uses it when
 * {@code polyreason.models} has no entry of that id (engine {@code djl-block}, template {@code
 * plain}). The store is a plain file-system folder: the warehouse must be a local path, a {@code
 * file:} URI, or a mount every executor sees.
 */
public final class ModelStore {
  public static final String DIR = "models";

  private ModelStore() {}

  /** The store's root folder for a warehouse root; empty for warehouses not on a file system. */
  public static Optional<Path> root(String warehouse) {
    if (warehouse.startsWith("file:")) {
      return Optional.of(Path.of(URI.create(warehouse)).resolve(DIR));
    }
    if (warehouse.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*")
        && !warehouse.matches("^[a-zA-Z]:[\\\\/].*")) {
      return Optional.empty();
    }
    return Optional.of(Path.of(warehouse).toAbsolutePath().normalize().resolve(DIR));
  }

  /** The folder of one model id. */
  public static Path dir(Path root, String id) {
    return root.resolve(id);
  }

  /** The spec of a stored model, when {@code <warehouse>/models/<id>/<id>.properties} exists. */
  public static Optional<ModelSpec> find(String warehouse, String id) {
    return root(warehouse)
        .map(r -> dir(r, id))
        .filter(d -> Files.isRegularFile(d.resolve(id + ".properties")))
        .map(d -> new ModelSpec(id, d, ModelSpec.BLOCK, d, "plain", null, 0, null));
  }

  /**
   * The ids of the stored models whose id starts with {@code prefix} (sorted), e.g. every model of
   * one {@code train} run for {@code generate.models = ["mini-*"]}.
   */
  public static java.util.List<String> idsStartingWith(String warehouse, String prefix) {
    Optional<Path> root = root(warehouse);
    if (root.isEmpty() || !Files.isDirectory(root.get())) {
      return java.util.List.of();
    }
    try (var dirs = Files.list(root.get())) {
      return dirs.map(d -> d.getFileName().toString())
          .filter(id -> id.startsWith(prefix) && find(warehouse, id).isPresent())
          .sorted()
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot list the model store " + root.get(), e);
    }
  }
}
