package org.polyreason.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.polyreason.common.UserException;
import org.polyreason.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per table: {@code <warehouse>/_locks/<table>.lock}, created atomically (Hadoop {@code
 * create(path, overwrite = false)}, which HDFS decides at the NameNode; O_EXCL on local disk) and
 * holding owner, host, pid, run id, job and start time. The holder touches the file every {@code
 * stale-after / 4} (heartbeat); a lock whose heartbeat is older than {@code stale-after}, or whose
 * process is gone on this host, is stale and removed by the next writer. A second writer waits up
 * to {@code polyreason.lock.wait} and then fails (exit 2) naming the holder. Locks are released on
 * every exit path: normally by the run, on SIGTERM/SIGINT by a shutdown hook; after kill -9 they go
 * stale.
 */
public final class TableLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TableLock.class);
  private static final Set<TableLock> HELD = ConcurrentHashMap.newKeySet();
  private static final ScheduledExecutorService HEARTBEAT =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "polyreason-lock-heartbeat");
            t.setDaemon(true);
            return t;
          });

  static {
    // before Hadoop closes its FileSystems (priority 10) at JVM exit
    ShutdownHookManager.get().addShutdownHook(() -> HELD.forEach(TableLock::close), 30);
  }

  /** {@code polyreason.lock.*}: how long a writer waits for a held lock, when a lock is stale. */
  public record LockSettings(Duration maxWait, Duration staleAfter) {
    public static final LockSettings DEFAULT =
        new LockSettings(Duration.ofMinutes(10), Duration.ofMinutes(2));

    public static LockSettings parse(Settings s) {
      return new LockSettings(
          duration(s, "polyreason.lock.wait", Duration.ZERO),
          duration(s, "polyreason.lock.stale-after", Duration.ofSeconds(2)));
    }

    private static Duration duration(Settings s, String key, Duration min) {
      Duration d;
      try {
        d = s.config().getDuration(key);
      } catch (RuntimeException e) {
        throw Settings.bad(
            key,
            s.config().getValue(key).unwrapped().toString(),
            "a duration such as 30s, 10m or 1h");
      }
      if (d.compareTo(min) < 0) {
        throw Settings.bad(key, s.config().getValue(key).unwrapped().toString(), "at least " + min);
      }
      return d;
    }
  }

  /** Another live run holds the lock and did not release it in time (exit 2, status locked). */
  public static final class LockedException extends UserException {
    private static final long serialVersionUID = 1L;

    LockedException(String message) {
      super(message);
    }
  }

  private final FileSystem fs;
  private final Path path;
  private final String table;
  private final String token;
  private final ScheduledFuture<?> beat;
  private volatile boolean released;

  private TableLock(FileSystem fs, Path path, String table, String token, Duration staleAfter) {
    this.fs = fs;
    this.path = path;
    this.table = table;
    this.token = token;
    long every = Math.max(500, staleAfter.toMillis() / 4);
    this.beat = HEARTBEAT.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
  }

  public static Path lockPath(Path root, String table) {
    return new Path(new Path(root, "_locks"), table + ".lock");
  }

  /**
   * Takes the lock of {@code table}, waiting for a live holder up to {@code settings.maxWait()}.
   */
  public static TableLock acquire(
      FileSystem fs, Path root, String table, String runId, String job, LockSettings settings) {
    Path path = lockPath(root, table);
    long deadline = System.nanoTime() + settings.maxWait().toNanos();
    boolean announced = false;
    try {
      fs.mkdirs(path.getParent());
      while (true) {
        String token = UUID.randomUUID().toString();
        if (tryCreate(fs, path, content(runId, job, token))) {
          TableLock lock = new TableLock(fs, path, table, token, settings.staleAfter());
          HELD.add(lock);
          LOG.debug("Locked table {} ({})", table, path);
          return lock;
        }
        Map<String, String> holder = read(fs, path);
        FileStatus st = status(fs, path);
        if (st == null) {
          continue; // released in between
        }
        String stale = staleness(holder, st, settings.staleAfter());
        if (stale != null) {
          LOG.warn("Removing the stale lock of table {} ({}): {}", table, describe(holder), stale);
          Path aside = new Path(path.getParent(), path.getName() + ".stale-" + UUID.randomUUID());
          if (fs.rename(path, aside)) {
            fs.delete(aside, false);
          }
          continue;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new LockedException(
              "Table "
                  + table
                  + " is locked by "
                  + describe(holder)
                  + "; waited "
                  + settings.maxWait().toSeconds()
                  + " s (polyreason.lock.wait). Let that run finish; if it is "
                  + "dead its lock expires after polyreason.lock.stale-after ("
                  + settings.staleAfter().toSeconds()
                  + " s without heartbeat) or can be deleted: "
                  + path);
        }
        if (!announced) {
          LOG.info(
              "Waiting up to {} s for table {}: locked by {}",
              settings.maxWait().toSeconds(),
              table,
              describe(holder));
          announced = true;
        }
        Thread.sleep(
            Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 200 + (long) (Math.random() * 300)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot lock table " + table + " at " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "Interrupted while waiting for the lock of table " + table, e);
    }
  }

  /** Who holds the lock of {@code table} now (empty when nobody does); for messages and tests. */
  public static Map<String, String> holder(FileSystem fs, Path root, String table) {
    try {
      return read(fs, lockPath(root, table));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String table() {
    return table;
  }

  private void heartbeat() {
    if (released) {
      return;
    }
    try {
      fs.setTimes(path, System.currentTimeMillis(), -1);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot refresh the lock of table {} ({}): {}", table, path, e.toString());
    }
  }

  /** Removes the lock file if it is still this lock's. */
  @Override
  public void close() {
    if (released) {
      return;
    }
    released = true;
    beat.cancel(false);
    HELD.remove(this);
    try {
      if (token.equals(read(fs, path).get("token"))) {
        fs.delete(path, false);
      } else {
        LOG.warn(
            "The lock of table {} was taken over by another run (this run's heartbeat stopped?)",
            table);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot release the lock of table {} ({}): {}", table, path, e.toString());
    }
  }

  private static boolean tryCreate(FileSystem fs, Path path, byte[] content) throws IOException {
    FileSystem raw = fs instanceof LocalFileSystem l ? l.getRawFileSystem() : fs;
    if (raw instanceof RawLocalFileSystem local) {
      // RawLocalFileSystem.create checks and opens in two steps; O_EXCL makes it one.
      java.nio.file.Path file = local.pathToFile(path).toPath();
      try {
        java.nio.file.Files.write(file, content, java.nio.file.StandardOpenOption.CREATE_NEW);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
    try (OutputStream out = fs.create(path, false)) {
      out.write(content);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (fs.exists(path)) {
        return false; // some stores report an existing file as a generic IOException
      }
      throw e;
    }
  }

  private static byte[] content(String runId, String job, String token) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("run-id", runId);
    m.put("job", job);
    m.put("owner", System.getProperty("user.name", "?"));
    m.put("host", host());
    m.put("pid", Long.toString(ProcessHandle.current().pid()));
    m.put("started", Instant.now().toString());
    m.put("token", token);
    StringBuilder b = new StringBuilder();
    m.forEach((k, v) -> b.append(k).append('=').append(v.replace('\n', ' ')).append('\n'));
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> read(FileSystem fs, Path path) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    try (InputStream in = fs.open(path)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          m.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    } catch (java.io.FileNotFoundException e) {
      return Map.of();
    }
    return m;
  }

  private static FileStatus status(FileSystem fs, Path path) throws IOException {
    try {
      return fs.getFileStatus(path);
    } catch (java.io.FileNotFoundException e) {
      return null;
    }
  }

  /** Why a lock is stale, or null when its holder may still be alive. */
  static String staleness(Map<String, String> holder, FileStatus st, Duration staleAfter) {
    long age = System.currentTimeMillis() - st.getModificationTime();
    if (age > staleAfter.toMillis()) {
      return "no heartbeat for "
          + age / 1000
          + " s (polyreason.lock.stale-after = "
          + staleAfter.toSeconds()
          + " s)";
    }
    String pid = holder.get("pid");
    if (host().equals(holder.get("host"))
        && pid != null
        && pid.matches("\\d+")
        && ProcessHandle.of(Long.parseLong(pid)).map(p -> !p.isAlive()).orElse(true)) {
      return "its process " + pid + " on this host is gone";
    }
    return null;
  }

  private static String describe(Map<String, String> h) {
    if (h.isEmpty()) {
      return "another run (lock being written)";
    }
    return "run "
        + h.get("run-id")
        + " (job "
        + h.get("job")
        + ", "
        + h.get("owner")
        + "@"
        + h.get("host")
        + " pid "
        + h.get("pid")
        + ", since "
        + h.get("started")
        + ")";
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }
}
