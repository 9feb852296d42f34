package com.run402.local.runtime.rest.schema;

/** One IN/INOUT/VARIADIC argument of a function; {@code name} is empty for an unnamed argument. */
public record RoutineArg(String name, String type, boolean hasDefault, boolean variadic) {}
