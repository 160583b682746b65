package org.polyreason.inference;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.polyreason.common.HadoopFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node-local copies of model and tokenizer files that live on shared storage.
 *
 * <p>A model spec's {@code path} or {@code tokenizer} may be any Hadoop URI (hdfs://, s3a://,
 * gs://, abfs://, file:/); ONNX Runtime, libtorch and the tokenizer library read local files only.
 * So each JVM copies the files once into a cache folder on its node and loads from there; a local
 * path is used in place. An entry is a folder named by the SHA-256 of the URI and every file's
 * name, size and modification time (a changed file is a new entry); it is written under a temporary
 * name and renamed when complete, under a file lock, so JVMs on one node copy it once and never see
 * half of it. The cache is bounded: before a copy, the least recently used entries are deleted
 * until the new one fits.
 *
 * <p>What a URI copies: a folder's regular files (not its sub-folders); a file, with its ONNX
 * external-data sibling {@code <name>.data} and, for {@code tokenizer.json}, its {@code
 * tokenizer_config.json}, when they exist.
 */
public final class ModelCache {

  private static final Logger LOG = LoggerFactory.getLogger(ModelCache.class);
  private static final Pattern ENTRY = Pattern.compile("[0-9a-f]{32}");
  private static final String TMP = ".tmp-";

  /** A temporary folder this old is the leftover of a JVM that died while copying. */
  private static final Duration ABANDONED = Duration.ofHours(24);

  /** location + cache folder → local copy, so a JVM asks the remote file system once per URI. */
  private static final Map<String, Path> LOCAL = new ConcurrentHashMap<>();

  /**
   * Where copies go and how much room they may take ({@code polyreason.model-cache}).
   *
   * @param dir cache folder on every node; empty = {@link #defaultDir()} of the JVM that copies
   * @param maxBytes most bytes all entries together may take
   */
  public record Settings(String dir, long maxBytes) implements Serializable {
    private static final long serialVersionUID = 1L;

    Path folder() {
      return dir == null || dir.isBlank() ? defaultDir() : Path.of(dir);
    }
  }

  private ModelCache() {}

  /** Forgets what this JVM copied (tests: the next call acts like a fresh executor JVM). */
  static void forgetCopies() {
    LOCAL.clear();
  }

  /** {@code models} beside the model-hash cache ({@link HashCache#baseDir()}). */
  public static Path defaultDir() {
    return HashCache.baseDir().resolve("models");
  }

  /**
   * The local path to load {@code location} from: the location itself when it is a local path, else
   * its copy in the cache (made now when missing).
   *
   * @throws IllegalArgumentException naming the URI when it does not exist, cannot be read, or is
   *     larger than the cache
   */
  public static Path localPath(String location, Settings settings) {
    if (!HadoopFiles.isUri(location)) {
      return Path.of(location);
    }
    Path dir = settings.folder().toAbsolutePath().normalize();
    String memo = location + "\n" + dir;
    Path known = LOCAL.get(memo);
    if (known != null && Files.exists(known)) {
      return known;
    }
    Path local = copy(location, dir, settings.maxBytes());
    LOCAL.put(memo, local);
    return local;
  }

  /** One JVM copies one entry at a time; other JVMs on the node wait on the entry's file lock. */
  private static synchronized Path copy(String location, Path dir, long maxBytes) {
    Remote remote = Remote.list(location);
    Path entry = dir.resolve(remote.key());
    Path result =
        remote.folder() ? entry : entry.resolve(remote.files().get(0).getPath().getName());
    try {
      Files.createDirectories(dir);
      try (FileChannel lockFile =
              FileChannel.open(
                  dir.resolve(remote.key() + ".lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock lock = lockFile.lock()) {
        if (Files.isDirectory(entry)) {
          Files.setLastModifiedTime(entry, FileTime.from(Instant.now())); // recently used
          LOG.info("Model files {}: cached copy {}", location, entry);
          return result;
        }
        if (remote.bytes() > maxBytes) {
          throw new IllegalArgumentException(
              "Model files at "
                  + location
                  + " take "
                  + remote.bytes()
                  + " bytes, more than polyreason.model-cache.max-size ("
                  + maxBytes
                  + " bytes)");
        }
        makeRoom(dir, maxBytes - remote.bytes(), entry);
        long start = System.nanoTime();
        Path tmp = dir.resolve(remote.key() + TMP + ProcessHandle.current().pid());
        deleteTree(tmp);
        Files.createDirectories(tmp);
        for (FileStatus f : remote.files()) {
          try (InputStream in = remote.fs().open(f.getPath())) {
            Files.copy(in, tmp.resolve(f.getPath().getName()));
          } catch (IOException e) {
            deleteTree(tmp);
            throw new IllegalArgumentException(
                "Cannot copy model file "
                    + f.getPath()
                    + " (from "
                    + location
                    + ") into the model cache "
                    + dir
                    + ": "
                    + e,
                e);
          }
        }
        Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
        LOG.info(
            "Model files {}: copied {} file(s), {} bytes, to {} in {} ms",
            location,
            remote.files().size(),
            remote.bytes(),
            entry,
            (System.nanoTime() - start) / 1_000_000);
        return result;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Model cache " + dir + " is not usable for " + location + ": " + e, e);
    }
  }

  /**
   * Deletes the least recently used entries (never {@code keep}) until the others take at most
   * {@code budget} bytes; also the temporary folders of copies abandoned long ago.
   */
  private static void makeRoom(Path dir, long budget, Path keep) throws IOException {
    try (FileChannel lockFile =
            FileChannel.open(
                dir.resolve(".evict.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.lock()) {
      List<Path> entries = new ArrayList<>();
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.toList()) {
          String name = p.getFileName().toString();
          if (ENTRY.matcher(name).matches() && Files.isDirectory(p) && !p.equals(keep)) {
            entries.add(p);
          } else if (name.contains(TMP)
              && Files.getLastModifiedTime(p)
                  .toInstant()
                  .isBefore(Instant.now().minus(ABANDONED))) {
            deleteTree(p);
          }
        }
      }
      entries.sort(Comparator.comparing(ModelCache::lastUsed));
      long used = 0;
      for (Path e : entries) {
        used += size(e);
      }
      for (Path e : entries) {
        if (used <= budget) {
          break;
        }
        long size = size(e);
        LOG.info(
            "Model cache {}: deleting least recently used {} ({} bytes) to make room",
            dir,
            e.getFileName(),
            size);
        deleteTree(e);
        used -= size;
      }
    }
  }

  private static FileTime lastUsed(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private static long size(Path folder) throws IOException {
    try (Stream<Path> s = Files.walk(folder)) {
      long total = 0;
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        total += Files.size(p);
      }
      return total;
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(x);
      }
    }
  }

  /** The files one URI stands for, listed once through Hadoop's FileSystem. */
  private record Remote(
      FileSystem fs, boolean folder, List<FileStatus> files, long bytes, String key) {

    static Remote list(String location) {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
      try {
        FileSystem fs = p.getFileSystem(HadoopFiles.configuration());
        FileStatus status = fs.getFileStatus(p);
        List<FileStatus> files = new ArrayList<>();
        if (status.isDirectory()) {
          Arrays.stream(fs.listStatus(p))
              .filter(FileStatus::isFile)
              .sorted(Comparator.comparing(f -> f.getPath().getName()))
              .forEach(files::add);
          if (files.isEmpty()) {
            throw new IllegalArgumentException("Model folder " + location + " holds no files");
          }
        } else {
          files.add(status);
          String name = p.getName();
          List<String> siblings = new ArrayList<>(List.of(name + ".data"));
          if (name.equals("tokenizer.json")) {
            siblings.add("tokenizer_config.json");
          }
          for (String sibling : siblings) {
            org.apache.hadoop.fs.Path s = new org.apache.hadoop.fs.Path(p.getParent(), sibling);
            if (fs.exists(s)) {
              files.add(fs.getFileStatus(s));
            }
          }
        }
        StringBuilder id = new StringBuilder(fs.makeQualified(p).toString()).append('\n');
        long bytes = 0;
        for (FileStatus f : files) {
          id.append(f.getPath().getName())
              .append('\t')
              .append(f.getLen())
              .append('\t')
              .append(f.getModificationTime())
              .append('\n');
          bytes += f.getLen();
        }
        return new Remote(fs, status.isDirectory(), List.copyOf(files), bytes, key(id.toString()));
      } catch (FileNotFoundException e) {
        throw new IllegalArgumentException(
            "Model file or folder " + location + " does not exist", e);
      } catch (IOException | RuntimeException e) {
        if (e instanceof IllegalArgumentException iae && iae.getMessage().contains(location)) {
          throw iae;
        }
        throw new IllegalArgumentException(
            "Cannot read model file or folder " + location + ": " + e, e);
      }
    }

    private static String key(String id) {
      try {
        byte[] sha =
            MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha, 0, 16);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JVM", e);
      }
    }
  }
}
