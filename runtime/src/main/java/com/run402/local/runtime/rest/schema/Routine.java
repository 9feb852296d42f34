package com.run402.local.runtime.rest.schema;

import java.util.List;

/**
 * A function (not an aggregate or procedure) in an exposed schema. {@code returnType} is the
 * qualified type; {@code returnsComposite} when it returns a table/row type (then
 * {@code returnType} names that table or composite); {@code returnsSetOf} for SETOF / RETURNS
 * TABLE; {@code returnsTable} is true for RETURNS TABLE / OUT-parameter records (column names come
 * from {@code outColumns}); {@code volatility} is 'i', 's' or 'v'.
 */
public record Routine(
    QName name,
    List<RoutineArg> args,
    QName returnType,
    String returnTypeFormatted,
    boolean returnsSetOf,
    boolean returnsComposite,
    boolean returnsScalar,
    boolean returnsVoid,
    List<String> outColumns,
    char volatility,
    String description) {}
