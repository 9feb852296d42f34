package com.run402.local.runtime.rest;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV lines: quoted fields with doubled quotes, CRLF or LF. An unquoted empty field is
 * null (SQL NULL); a quoted empty field is the empty string. Small enough not to need a library.
 */
final class CsvReader {
  private CsvReader() {}

  static List<String[]> read(String text) {
    List<String[]> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < n && text.charAt(i + 1) == '"') {
          cell.append('"');
          i += 2;
          continue;
        }
        if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
        i++;
        continue;
      }
      if (c == '"') {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',') {
        row.add(value(cell, wasQuoted));
        cell.setLength(0);
        wasQuoted = false;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        row.add(value(cell, wasQuoted));
        rows.add(row.toArray(new String[0]));
        row = new ArrayList<>();
        cell.setLength(0);
        wasQuoted = false;
      } else {
        cell.append(c);
      }
      i++;
    }
    if (cell.length() > 0 || wasQuoted || !row.isEmpty()) {
      row.add(value(cell, wasQuoted));
      rows.add(row.toArray(new String[0]));
    }
    return rows;
  }

  private static String value(StringBuilder cell, boolean wasQuoted) {
    if (cell.length() == 0 && !wasQuoted) {
      return null;
    }
    return cell.toString();
  }
}
