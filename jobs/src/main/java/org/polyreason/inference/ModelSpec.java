package org.polyreason.inference;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What to load: a model, its engine, tokenizer and chat template.
 *
 * @param id name used in results and logs
 * @param path ONNX file or folder holding {@code model.onnx}; for {@code djl-block}, the folder
 *     holding {@code <id>.properties} and {@code <id>-0000.params}
 * @param engine {@code onnxruntime} or {@code djl-block}
 * @param tokenizerPath {@code tokenizer.json} or its folder
 * @param template chat template name ({@link ChatTemplate#parse})
 * @param revision model revision (e.g. a Hub commit), or null to hash the files
 * @param maxContext longest sequence to allow; 0 means the model's own limit (block models) or 4096
 * @param dtype expected dtype ({@code fp16}, {@code fp32}) or null to accept what the file has
 */
public record ModelSpec(
    String id,
    Path path,
    String engine,
    Path tokenizerPath,
    String template,
    String revision,
    int maxContext,
    String dtype) {

  public static final String ONNX = "onnxruntime";
  public static final String BLOCK = "djl-block";
  static final int DEFAULT_ONNX_CONTEXT = 4096;

  /** The ONNX file this spec points to. */
  public Path onnxFile() {
    return Files.isDirectory(path) ? path.resolve("model.onnx") : path;
  }

  /**
   * Checks the spec without running the model: files exist, the ONNX graph has the
   * decoder-with-past inputs, the dtype matches, and the tokenizer's ids fit the model's
   * vocabulary.
   *
   * @throws IllegalArgumentException naming the spec, what is wrong and what was expected
   */
  public void validate() {
    checked();
  }

  /**
   * {@link #validate()}, returning the ONNX layout it read (null for block models) so that the
   * loader does not open a large ONNX file a second time just to inspect it.
   */
  OnnxLayout checked() {
    OnnxLayout layout = null;
    String where = "Model spec '" + id + "': ";
    String e = engine == null ? "" : engine.toLowerCase(Locale.ROOT);
    if (!e.equals(ONNX) && !e.equals(BLOCK)) {
      throw new IllegalArgumentException(
          where + "engine '" + engine + "' is not one of " + ONNX + ", " + BLOCK);
    }
    if (path == null || !Files.exists(path)) {
      throw new IllegalArgumentException(where + "model path not found: " + path);
    }
    ChatTemplate.parse(template == null ? "plain" : template);
    int modelVocab;
    try {
      if (e.equals(ONNX)) {
        layout = OnnxLayout.inspect(onnxFile());
        if (dtype != null && !dtype.equalsIgnoreCase(layout.halfKv() ? "fp16" : "fp32")) {
          throw new IllegalArgumentException(
              "dtype "
                  + dtype
                  + " was asked for but the model's"
                  + " cache is "
                  + (layout.halfKv() ? "fp16" : "fp32"));
        }
        modelVocab = layout.vocabSize();
      } else {
        modelVocab = BlockGptConfig.read(path, id).vocabSize();
      }
    } catch (IOException | IllegalArgumentException ex) {
      throw new IllegalArgumentException(where + ex.getMessage(), ex);
    }
    if (tokenizerPath == null) {
      throw new IllegalArgumentException(where + "no tokenizer path");
    }
    int tokenizerVocab;
    try {
      tokenizerVocab = TokenizerFiles.read(tokenizerPath).vocabSize();
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(where + ex.getMessage(), ex);
    }
    if (modelVocab > 0 && tokenizerVocab > modelVocab) {
      throw new IllegalArgumentException(
          where
              + "tokenizer "
              + tokenizerPath
              + " has "
              + tokenizerVocab
              + " ids but the model's vocabulary has "
              + modelVocab
              + "; the tokenizer does not belong to this model");
    }
    return layout;
  }

  /** Context limit to enforce for an ONNX model. */
  int onnxMaxContext() {
    return maxContext > 0 ? maxContext : DEFAULT_ONNX_CONTEXT;
  }

  /**
   * {@link #revision} if given, else SHA-256 over the model files (names and bytes, sorted),
   * remembered across runs in {@link HashCache#defaultDir()} by path, size and modification time.
   */
  public String revisionOrHash() {
    return revisionOrHash(HashCache.defaultDir());
  }

  String revisionOrHash(Path cacheDir) {
    if (revision != null && !revision.isBlank()) {
      return revision;
    }
    List<Path> files;
    try {
      files = modelFiles();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Model spec '" + id + "': cannot list " + path + ": " + e.getMessage(), e);
    }
    return HashCache.get(cacheDir, files, () -> hash(files));
  }

  private String hash(List<Path> files) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (Path f : files) {
        sha.update(f.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update((byte) 0);
        try (InputStream in = new DigestInputStream(Files.newInputStream(f), sha)) {
          while (in.read(buffer) >= 0) {
            // digested by the stream
          }
        }
      }
      return "sha256:" + HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Model spec '" + id + "': cannot hash " + path + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private List<Path> modelFiles() throws IOException {
    if (Files.isRegularFile(path)) {
      Path data = path.resolveSibling(path.getFileName() + ".data");
      return Files.exists(data) ? List.of(path, data) : List.of(path);
    }
    try (Stream<Path> s = Files.list(path)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
