package com.run402.local.runtime.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerSocketsTest {
  @TempDir
  Path tmp;

  @Test
  void each_worker_gets_its_own_path_in_a_private_folder_removed_on_close() throws Exception {
    WorkerSockets sockets = new WorkerSockets(tmp);
    Path a = sockets.next();
    Path b = sockets.next();
    assertThat(a).isNotNull().isNotEqualTo(b);
    assertThat(a.getParent()).isEqualTo(b.getParent()).startsWith(tmp);
    if (!System.getProperty("os.name", "").toLowerCase().contains("win")) {
      assertThat(Files.getPosixFilePermissions(a.getParent())).isEqualTo(Set.of(PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
    }
    Files.createFile(a); // what the worker's listen() leaves behind
    sockets.close();
    assertThat(a.getParent()).doesNotExist();
  }

  @Test
  void a_path_too_long_for_a_socket_address_means_loopback_tcp() throws Exception {
    Path deep = Files.createDirectories(tmp.resolve("d".repeat(60)).resolve("e".repeat(60)));
    WorkerSockets sockets = new WorkerSockets(deep);
    assertThat(sockets.next()).isNull();
    assertThat(sockets.next()).as("decided once").isNull();
    sockets.close();
  }
}
