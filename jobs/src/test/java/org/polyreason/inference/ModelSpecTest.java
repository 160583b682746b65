package org.polyreason.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spec validation with the real tiny model, a non-decoder ONNX, a non-ONNX file, a block model. */
class ModelSpecTest {

  private static ModelSpec onnx(Path model, Path tokenizer) {
    return new ModelSpec("tiny", model, "onnxruntime", tokenizer, "plain", null, 64, null);
  }

  @Test
  void theTinyModelWithItsTokenizerIsValid() {
    Path dir = SharedModels.tinyLlamaDir();
    ModelSpec spec = onnx(dir, dir);
    spec.validate();
    assertThat(spec.revisionOrHash())
        .startsWith("sha256:")
        .hasSize(7 + 64)
        .isEqualTo(onnx(dir, dir).revisionOrHash());
    assertThat(
            new ModelSpec("tiny", dir, "onnxruntime", dir, "plain", "abc123", 0, "fp16")
                .revisionOrHash())
        .isEqualTo("abc123");
    new ModelSpec("tiny", dir.resolve("model.onnx"), "onnxruntime", dir, "plain", null, 0, "fp16")
        .validate();
  }

  @Test
  void theDefaultRevisionIsHashedOncePerFileVersion(@TempDir Path tmp) throws Exception {
    Path model = Files.createDirectories(tmp.resolve("model"));
    for (String f : new String[] {"model.onnx", "model.onnx.data", "tokenizer.json"}) {
      Files.copy(SharedModels.tinyLlamaDir().resolve(f), model.resolve(f));
    }
    Path cache = tmp.resolve("cache");
    ModelSpec spec = onnx(model, model);
    String real = spec.revisionOrHash(cache);
    assertThat(real)
        .startsWith("sha256:")
        .isEqualTo(spec.revisionOrHash(tmp.resolve("other-cache")));
    try (var entries = Files.list(cache)) {
      Path entry = entries.filter(p -> !p.toString().endsWith(".tmp")).findFirst().orElseThrow();
      // a planted value proves the second call reads the cache instead of hashing
      String planted = "sha256:" + "0".repeat(64);
      Files.writeString(entry, planted);
      assertThat(spec.revisionOrHash(cache)).isEqualTo(planted);
    }
    // a changed file is a new version: hashed again, giving the true hash of the new bytes
    Files.writeString(
        model.resolve("tokenizer.json"), Files.readString(model.resolve("tokenizer.json")) + " ");
    String changed = spec.revisionOrHash(cache);
    assertThat(changed)
        .startsWith("sha256:")
        .isNotEqualTo(real)
        .isNotEqualTo("sha256:" + "0".repeat(64));
    assertThat(spec.revisionOrHash(tmp.resolve("fresh-cache"))).isEqualTo(changed);
    // an unwritable cache location only costs the hashing
    Path blocked = Files.writeString(tmp.resolve("a-file"), "x");
    assertThat(spec.revisionOrHash(blocked.resolve("sub"))).isEqualTo(changed);
  }

  @Test
  void missingFilesAreNamed(@TempDir Path tmp) {
    Path dir = SharedModels.tinyLlamaDir();
    assertThatThrownBy(() -> onnx(tmp.resolve("nope"), dir).validate())
        .hasMessageContaining("'tiny'")
        .hasMessageContaining("model path not found")
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> onnx(dir, tmp.resolve("tok.json")).validate())
        .hasMessageContaining("Tokenizer file not found");
    assertThatThrownBy(() -> onnx(tmp, dir).validate())
        .hasMessageContaining("ONNX model file not found")
        .hasMessageContaining("model.onnx");
  }

  @Test
  void anOnnxModelThatIsNotADecoderListsMissingAndFoundInputs(@TempDir Path tmp) throws Exception {
    Path model = Files.write(tmp.resolve("identity.onnx"), OnnxTestFiles.identityModel());
    assertThatThrownBy(() -> onnx(model, SharedModels.tinyLlamaDir()).validate())
        .hasMessageContaining("not in the decoder-with-past layout")
        .hasMessageContaining(
            "missing [input_ids, attention_mask, position_ids,"
                + " past_key_values.0.key, logits (output)]")
        .hasMessageContaining("found inputs [x]");
  }

  @Test
  void aFileThatIsNotOnnxFailsClearly(@TempDir Path tmp) throws Exception {
    Path model = Files.writeString(tmp.resolve("model.onnx"), "this is not a protobuf");
    assertThatThrownBy(() -> onnx(model, SharedModels.tinyLlamaDir()).validate())
        .hasMessageContaining("Cannot read")
        .hasMessageContaining("as an ONNX model");
  }

  @Test
  void aTokenizerLargerThanTheModelVocabularyIsRejected() {
    assertThatThrownBy(
            () -> onnx(SharedModels.tinyLlamaDir(), SharedModels.qwenTokenizerDir()).validate())
        .hasMessageContaining("151669 ids")
        .hasMessageContaining("vocabulary has 32000");
  }

  @Test
  void wrongDtypeAndEngineAreRejected() {
    Path dir = SharedModels.tinyLlamaDir();
    assertThatThrownBy(
            () ->
                new ModelSpec("tiny", dir, "onnxruntime", dir, "plain", null, 0, "fp32").validate())
        .hasMessageContaining("dtype fp32")
        .hasMessageContaining("fp16");
    assertThatThrownBy(
            () -> new ModelSpec("tiny", dir, "vllm", dir, "plain", null, 0, null).validate())
        .hasMessageContaining("engine 'vllm'");
  }

  @Test
  void blockModelSpecsAreCheckedAgainstTheSavedConfig(@TempDir Path tmp) throws Exception {
    try (BlockGptModel m = BlockGptModel.create(BlockGptConfig.tiny(1), Device.cpu())) {
      m.save(tmp, "gpt");
    }
    Path tok = SharedModels.tinyLlamaDir();
    ModelSpec spec = new ModelSpec("gpt", tmp, "djl-block", tok, "plain", null, 0, null);
    assertThatThrownBy(spec::validate)
        .hasMessageContaining("32000 ids")
        .hasMessageContaining("vocabulary has 512");
    assertThatThrownBy(
            () -> new ModelSpec("other", tmp, "djl-block", tok, "plain", null, 0, null).validate())
        .hasMessageContaining("other.properties");
  }

  @Test
  void registryLoadsOncePerSpecAndDevice() {
    Path dir = SharedModels.tinyLlamaDir();
    ModelSpec spec = onnx(dir, dir);
    try {
      CausalLm a = ModelRegistry.get(spec, Device.cpu());
      CausalLm b = ModelRegistry.get(onnx(dir, dir), Device.cpu());
      assertThat(a).isSameAs(b);
      assertThat(a.maxContext()).isEqualTo(64);
      assertThat(a.eosIds()).containsExactly(2L);
      assertThat(ModelRegistry.loaded(spec, Device.cpu()).prompts().vocabSize()).isEqualTo(32000);
    } finally {
      ModelRegistry.closeAll();
    }
    assertThat(ModelRegistry.size()).isZero();
  }
}
