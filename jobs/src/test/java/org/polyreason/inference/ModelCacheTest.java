package org.polyreason.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.SharedData;

/**
 * Node-local copies of models given as Hadoop URIs, on the real local file system through Hadoop.
 */
class ModelCacheTest {
  @TempDir Path tmp;

  @AfterEach
  void forget() {
    ModelCache.forgetCopies();
  }

  private ModelCache.Settings cache(long maxBytes) {
    return new ModelCache.Settings(tmp.resolve("cache").toString(), maxBytes);
  }

  private static List<String> entries(Path cache) throws IOException {
    try (Stream<Path> s = Files.list(cache)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private Path folder(String name, int... sizes) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("remote").resolve(name));
    for (int i = 0; i < sizes.length; i++) {
      Files.write(dir.resolve("f" + i), new byte[sizes[i]]);
    }
    return dir;
  }

  @Test
  void aLocalPathIsUsedInPlace() {
    assertThat(ModelCache.localPath("/models/m", cache(1))).isEqualTo(Path.of("/models/m"));
    assertThat(ModelCache.localPath("rel/m", cache(1))).isEqualTo(Path.of("rel/m"));
    assertThat(tmp.resolve("cache")).doesNotExist();
  }

  @Test
  void aFolderUriIsCopiedOnceWithEveryFileAndTheCopyValidates() throws IOException {
    Path model = SharedData.require("models/tiny-random-llama-onnx-fp16");
    String uri = model.toUri().toString();
    assertThat(uri).startsWith("file:/");
    Path local = ModelCache.localPath(uri, cache(1L << 30));
    assertThat(local).startsWith(tmp.resolve("cache"));
    List<String> names;
    try (Stream<Path> s = Files.list(model)) {
      names = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(names).hasSize(8).contains("model.onnx", "model.onnx.data", "tokenizer.json");
    for (String name : names) {
      assertThat(Files.mismatch(model.resolve(name), local.resolve(name))).as(name).isEqualTo(-1);
    }
    // The copy is a complete model: the spec on it validates and hashes like the original.
    ModelSpec original =
        new ModelSpec("tiny", model, "onnxruntime", model, "chatml", null, 0, null);
    ModelSpec copied = new ModelSpec("tiny", local, "onnxruntime", local, "chatml", null, 0, null);
    copied.validate();
    assertThat(copied.revisionOrHash(tmp.resolve("hashes")))
        .isEqualTo(original.revisionOrHash(tmp.resolve("hashes")));

    // A fresh JVM on the same node finds the entry and copies nothing.
    FileTime copiedAt = Files.getLastModifiedTime(local.resolve("model.onnx.data"));
    ModelCache.forgetCopies();
    assertThat(ModelCache.localPath(uri, cache(1L << 30))).isEqualTo(local);
    assertThat(Files.getLastModifiedTime(local.resolve("model.onnx.data"))).isEqualTo(copiedAt);
    assertThat(entries(tmp.resolve("cache"))).containsExactly(local.getFileName().toString());
  }

  @Test
  void aFileUriBringsItsDataSiblingAndATokenizerItsConfig() {
    Path model = SharedData.require("models/tiny-random-llama-onnx-fp16");
    Path onnx =
        ModelCache.localPath(model.resolve("model.onnx").toUri().toString(), cache(1L << 30));
    assertThat(onnx.getFileName().toString()).isEqualTo("model.onnx");
    assertThat(onnx.getParent()).isDirectoryContaining(p -> p.endsWith("model.onnx.data"));
    assertThat(onnx.getParent().toFile().list())
        .containsExactlyInAnyOrder("model.onnx", "model.onnx.data");

    Path tok =
        ModelCache.localPath(model.resolve("tokenizer.json").toUri().toString(), cache(1L << 30));
    assertThat(tok.getParent().toFile().list())
        .containsExactlyInAnyOrder("tokenizer.json", "tokenizer_config.json");
    assertThat(TokenizerFiles.read(tok).vocabSize())
        .isEqualTo(TokenizerFiles.read(model).vocabSize());
  }

  @Test
  void aChangedFileIsANewEntry() throws IOException {
    Path dir = folder("m", 10, 20);
    String uri = dir.toUri().toString();
    Path first = ModelCache.localPath(uri, cache(1000));
    Files.write(dir.resolve("f1"), new byte[21]);
    ModelCache.forgetCopies();
    Path second = ModelCache.localPath(uri, cache(1000));
    assertThat(second).isNotEqualTo(first);
    assertThat(Files.size(second.resolve("f1"))).isEqualTo(21);
  }

  @Test
  void theLeastRecentlyUsedEntriesAreDeletedToStayWithinTheBound() throws IOException {
    Path a = ModelCache.localPath(folder("a", 30, 10).toUri().toString(), cache(100));
    Path b = ModelCache.localPath(folder("b", 40).toUri().toString(), cache(100));
    Files.setLastModifiedTime(a, FileTime.from(Instant.now().minusSeconds(60)));
    Files.setLastModifiedTime(b, FileTime.from(Instant.now().minusSeconds(30)));
    // 40 (a) + 40 (b) + 50 (c) > 100: a, the older, goes; b stays.
    Path c = ModelCache.localPath(folder("c", 50).toUri().toString(), cache(100));
    assertThat(entries(tmp.resolve("cache")))
        .containsExactlyInAnyOrder(b.getFileName().toString(), c.getFileName().toString());
    assertThat(a).doesNotExist();
    // An evicted entry is copied again when asked for.
    ModelCache.forgetCopies();
    assertThat(ModelCache.localPath(tmp.resolve("remote/a").toUri().toString(), cache(100)))
        .isEqualTo(a)
        .exists();
  }

  @Test
  void aModelLargerThanTheCacheFailsNamingUriAndSizes() throws IOException {
    String uri = folder("big", 150).toUri().toString();
    assertThatThrownBy(() -> ModelCache.localPath(uri, cache(100)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Model files at "
                + uri
                + " take 150 bytes, more than "
                + "polyreason.model-cache.max-size (100 bytes)");
  }

  @Test
  void anUnreadableUriFailsNamingIt() {
    String missing = tmp.resolve("nowhere").toUri().toString();
    assertThatThrownBy(() -> ModelCache.localPath(missing, cache(100)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Model file or folder " + missing + " does not exist");
    assertThatThrownBy(() -> ModelCache.localPath("nosuchscheme://host/m", cache(100)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot read model file or folder nosuchscheme://host/m: ")
        .hasMessageContaining("nosuchscheme");
  }
}
