package org.polyreason.inference;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds reasoning prompts as token ids for one model: chat template, optional reasoning-language
 * forcing sentence after {@code <think>}, and the EOS ids / stop strings that end a completion.
 *
 * <p>The DJL tokenizer is configured explicitly because its defaults are wrong for generation: it
 * truncates at 512 tokens, pads batches on the right and adds BOS/EOS post-processing tokens. Here
 * truncation and padding are off (the generator pads on the left itself) and the template writes
 * every special token in the text, so encoding adds none.
 */
public final class PromptBuilder implements TokenDecoder, AutoCloseable {

  private final HuggingFaceTokenizer tokenizer;
  private final TokenizerFiles files;
  private final ChatTemplate template;
  private final ReasoningLanguages languages;
  private final long[] eosIds;
  private final List<String> stopStrings;

  private PromptBuilder(
      HuggingFaceTokenizer tokenizer,
      TokenizerFiles files,
      ChatTemplate template,
      ReasoningLanguages languages) {
    this.tokenizer = tokenizer;
    this.files = files;
    this.template = template;
    this.languages = languages;
    Set<String> eos = new LinkedHashSet<>();
    files.configEos().ifPresent(eos::add);
    eos.addAll(template.endTokens());
    List<String> stops = new ArrayList<>();
    for (String t : eos) {
      if (files.specialTokens().containsKey(t)) {
        stops.add(t);
      }
    }
    this.stopStrings = List.copyOf(stops);
    this.eosIds = stops.stream().mapToLong(t -> files.specialTokens().get(t)).toArray();
  }

  /**
   * Loads a local tokenizer (a {@code tokenizer.json} or a folder holding it).
   *
   * @param forcingOverrides per-model forcing sentences by language code, on top of the defaults
   */
  public static PromptBuilder load(
      Path tokenizer, ChatTemplate template, Map<String, String> forcingOverrides)
      throws IOException {
    Path json = Files.isDirectory(tokenizer) ? tokenizer.resolve("tokenizer.json") : tokenizer;
    TokenizerFiles files = TokenizerFiles.read(json);
    HuggingFaceTokenizer tok =
        HuggingFaceTokenizer.builder()
            .optTokenizerPath(json)
            .optAddSpecialTokens(false)
            .optTruncation(false)
            .optPadding(false)
            .optMaxLength(Integer.MAX_VALUE / 2)
            .build();
    return new PromptBuilder(
        tok, files, template, ReasoningLanguages.withOverrides(forcingOverrides));
  }

  /**
   * The prompt text.
   *
   * @param system system message or null
   * @param reasoningLanguage language code whose forcing sentence follows {@code <think>}, or null
   */
  public String render(String system, String user, String reasoningLanguage) {
    String forcing = reasoningLanguage == null ? null : languages.sentence(reasoningLanguage);
    return template.render(system, user, forcing);
  }

  /** Rendered and encoded prompt. */
  public long[] build(String system, String user, String reasoningLanguage) {
    return encode(render(system, user, reasoningLanguage));
  }

  /** Token ids of {@code text}; special tokens written in it map to their ids, none are added. */
  public long[] encode(String text) {
    return tokenizer.encode(text, false, false).getIds();
  }

  /** Text of completion ids. */
  public String decode(long[] ids) {
    return decode(ids, true);
  }

  @Override
  public String decode(long[] ids, boolean skipSpecial) {
    return tokenizer.decode(ids, skipSpecial);
  }

  /** Ids that end a completion: the config's EOS and the template's end-of-turn tokens. */
  public long[] eosIds() {
    return eosIds.clone();
  }

  /** The EOS tokens as text, for generators that match stop strings on raw text. */
  public List<String> stopStrings() {
    return stopStrings;
  }

  /** Vocabulary size of the tokenizer files. */
  public int vocabSize() {
    return files.vocabSize();
  }

  public ChatTemplate template() {
    return template;
  }

  public ReasoningLanguages languages() {
    return languages;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
