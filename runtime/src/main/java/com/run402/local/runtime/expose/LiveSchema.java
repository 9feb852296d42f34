package com.run402.local.runtime.expose;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What validation and the applier need to know of a project's schema: its relations with their
 * columns and policies, and its functions. Read by {@link CatalogReader}; built by hand in tests.
 */
public record LiveSchema(String schema, Map<String, Relation> relations, Map<String, List<Function>> functions,
    SignatureResolver resolver) {

  /** {@code kind}: pg_class.relkind ('r' table, 'p' partitioned, 'v' view, 'm' matview, 'f' foreign). */
  public record Relation(String name, char kind, Map<String, String> columns, List<String> policies) {
    public boolean isTable() {
      return kind == 'r' || kind == 'p';
    }

    public boolean isView() {
      return kind == 'v';
    }
  }

  /** A function overload; {@code argTypes} is oidvectortypes(proargtypes): the input types, as Postgres prints them (safe to splice). */
  public record Function(String name, String argTypes) {}

  /** Resolves {@code name(signature)} in the schema to the function's identity arguments, if any. */
  @FunctionalInterface
  public interface SignatureResolver {
    Optional<String> argTypes(String name, String signature);
  }

  public Optional<Relation> relation(String name) {
    return Optional.ofNullable(relations.get(name));
  }

  public List<Function> overloads(String name) {
    return functions.getOrDefault(name, List.of());
  }

  /** The one overload an RPC item means, or empty when missing or ambiguous (the validator says which). */
  public Optional<String> resolve(ExposeManifest.RpcItem rpc) {
    if (rpc.signature() != null) {
      return resolver.argTypes(rpc.name(), rpc.signature());
    }
    List<Function> fs = overloads(rpc.name());
    return fs.size() == 1 ? Optional.of(fs.get(0).argTypes()) : Optional.empty();
  }
}
