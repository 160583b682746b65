package org.polyreason.jobs.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table's state on the local file system, walked without per-file permission lookups. */
class FingerprintTest {
  @TempDir java.nio.file.Path root;
  final Configuration hadoop = new Configuration();

  void write(FileSystem fs, Path p, String text) throws IOException {
    try (FSDataOutputStream out = fs.create(p, true)) { // LocalFileSystem writes a .crc beside it
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** What Hadoop's recursive listFiles counts: the reference the walk must agree with. */
  static String listed(FileSystem fs, Path dir) throws IOException {
    long files = 0;
    long bytes = 0;
    long latest = 0;
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
    while (it.hasNext()) {
      LocatedFileStatus st = it.next();
      files++;
      bytes += st.getLen();
      latest = Math.max(latest, st.getModificationTime());
    }
    return files + "/" + bytes + "/" + latest;
  }

  @Test
  void aPartitionedTableIsCountedAsListFilesCountsIt() throws IOException {
    FileSystem fs = FileSystem.getLocal(hadoop);
    Path table = new Path(root.toUri().toString(), "generations");
    write(fs, new Path(table, "_SUCCESS"), "");
    write(fs, new Path(table, "model=a/lang=en/part-0.parquet"), "12345");
    write(fs, new Path(table, "model=a/lang=de/part-0.parquet"), "1234567");
    write(fs, new Path(table, "model=b/lang=en/part-0.parquet"), "123");

    String state = Fingerprint.state(table, hadoop);
    assertThat(state).isEqualTo(listed(fs, table)).startsWith("4/15/");

    // a file replaced deep in a partition changes the state
    write(fs, new Path(table, "model=b/lang=en/part-0.parquet"), "1234");
    assertThat(Fingerprint.state(table, hadoop)).isNotEqualTo(state).startsWith("4/16/");
  }

  @Test
  void aMissingTableIsAbsent() {
    assertThat(Fingerprint.state(new Path(root.toUri().toString(), "none"), hadoop))
        .isEqualTo("absent");
  }
}
