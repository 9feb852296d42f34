package com.run402.local.runtime.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeRuntimePruneTest {
  @TempDir
  Path runtimes;

  @Test
  void runtimes_unused_for_two_weeks_and_stale_partial_extractions_go_the_rest_stay() throws Exception {
    Instant now = Instant.parse("2026-11-21T12:00:00Z");
    Path current = runtime("current", now.minus(Duration.ofDays(400)));
    Path recent = runtime("recent", now.minus(Duration.ofDays(13)));
    Path old = runtime("old", now.minus(Duration.ofDays(15)));
    Path partialOld = Files.createDirectories(runtimes.resolve("abc.tmp123"));
    Files.writeString(partialOld.resolve("worker.mjs"), "x");
    Files.setLastModifiedTime(partialOld, FileTime.from(now.minus(Duration.ofDays(2))));
    Path partialNew = Files.createDirectories(runtimes.resolve("abd.tmp124"));
    Path stray = Files.writeString(runtimes.resolve("notes.txt"), "not a runtime");
    Files.setLastModifiedTime(stray, FileTime.from(now.minus(Duration.ofDays(100))));

    NodeRuntime.markUsedAndPrune(current, now);

    assertThat(current).exists();
    assertThat(Files.getLastModifiedTime(current.resolve(".complete")).toInstant()).isEqualTo(now);
    assertThat(recent).exists();
    assertThat(old).doesNotExist();
    assertThat(partialOld).doesNotExist();
    assertThat(partialNew).as("may be another start extracting right now").exists();
    assertThat(stray).exists();
  }

  private Path runtime(String name, Instant used) throws Exception {
    Path dir = Files.createDirectories(runtimes.resolve(name).resolve("node_modules/pkg"));
    Files.writeString(dir.resolve("index.js"), "module.exports = 1;");
    Path done = Files.writeString(runtimes.resolve(name).resolve(".complete"), "ok");
    Files.setLastModifiedTime(done, FileTime.from(used));
    return runtimes.resolve(name);
  }
}
