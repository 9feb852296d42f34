package com.run402.local.runtime.rest.schema;

import java.util.List;

/**
 * A column of a table or view. {@code type} is {@code format_type()} output (e.g. {@code integer},
 * {@code character varying(255)}, {@code text[]}); {@code nominalType} is the type's own name without
 * modifiers, qualified when not in pg_catalog (e.g. {@code varchar}, {@code test.my_enum}). {@code
 * enumValues} is empty unless the type (or the domain's base) is an enum. {@code generated}: a
 * stored generated column or GENERATED ALWAYS identity (not insertable).
 */
public record Column(
    String name,
    int position,
    String type,
    String nominalType,
    boolean nullable,
    String defaultExpr,
    Integer maxLength,
    List<String> enumValues,
    boolean generated,
    boolean isArray,
    boolean isJson,
    String description) {}
