package org.polyreason.synthetic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names, objects and the eight problem templates of the {@code synthetic} benchmark, per language.
 *
 * <p>Templates are written out per language (not translated word by word) and filled by {@link
 * #render}. Placeholders: {@code {A}} {@code {B}} names, {@code {AG}} {@code {BG}} their genitive
 * (Russian), {@code {a}} {@code {b}} {@code {c}} numbers, {@code {X}} the object in the plural form
 * a question uses, {@code {C}} its classifier (Chinese, Thai), {@code {Q}} its "how many" word
 * (Spanish gender, Swahili noun class), {@code {X:a}} the object agreeing with number {@code a},
 * and {@code {one|few|many:a}} an inline word agreeing with {@code a} (Russian plural rule; the
 * other languages only use {@code {X}}, their numbers are all at least 2).
 */
public final class SyntheticLexicon {
  private SyntheticLexicon() {}

  /** Template index → arithmetic: 0, 1 add; 2, 3 subtract; 4, 5 multiply; 6 a+b-c; 7 a*b+c. */
  public static final int TEMPLATES = 8;

  /** One language: four names ({@code nom|gen}), four objects (fields by key), eight templates. */
  public record Language(
      List<String> names, List<Map<String, String>> objects, List<String> templates) {}

  /** Every language, in a fixed order (en first). */
  public static final Map<String, Language> LANGUAGES;

  private static Map<String, String> obj(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static {
    Map<String, Language> languages = new LinkedHashMap<>();
    languages.put(
        "en",
        new Language(
            List.of("Anna", "Tom", "Maria", "Sam"),
            List.of(obj("X", "apples"), obj("X", "books"), obj("X", "pencils"), obj("X", "eggs")),
            List.of(
                "{A} has {a} {X}. {A} buys {b} more {X}. How many {X} does {A} have now?",
                "{A} has {a} {X}. {B} has {b} {X}. How many {X} do {A} and {B} have together?",
                "{A} has {a} {X}. {A} gives away {b} {X}. How many {X} does {A} have left?",
                "{A} has {a} {X}. {B} has {b} {X}. How many more {X} does {A} have than {B}?",
                "{A} buys {a} bags. Each bag holds {b} {X}. How many {X} does {A} buy?",
                "{A} has {a} boxes with {b} {X} in each box. How many {X} does {A} have?",
                "{A} has {a} {X}. {A} buys {b} more {X} and gives away {c} {X}. "
                    + "How many {X} does {A} have now?",
                "{A} buys {a} bags with {b} {X} in each bag. {A} already had {c} {X}. "
                    + "How many {X} does {A} have now?")));
    languages.put(
        "de",
        new Language(
            List.of("Anna", "Lukas", "Mia", "Felix"),
            List.of(obj("X", "Äpfel"), obj("X", "Bücher"), obj("X", "Stifte"), obj("X", "Eier")),
            List.of(
                "{A} hat {a} {X}. {A} kauft {b} weitere {X}. Wie viele {X} hat {A} jetzt?",
                "{A} hat {a} {X}. {B} hat {b} {X}. Wie viele {X} haben {A} und {B} zusammen?",
                "{A} hat {a} {X}. {A} verschenkt {b} {X}. Wie viele {X} hat {A} noch?",
                "{A} hat {a} {X}. {B} hat {b} {X}. Wie viele {X} hat {A} mehr als {B}?",
                "{A} kauft {a} Tüten. In jeder Tüte sind {b} {X}. Wie viele {X} kauft {A}?",
                "{A} hat {a} Kisten mit je {b} {X}. Wie viele {X} hat {A}?",
                "{A} hat {a} {X}. {A} kauft {b} weitere {X} und verschenkt {c} {X}. "
                    + "Wie viele {X} hat {A} jetzt?",
                "{A} kauft {a} Tüten mit je {b} {X}. {A} hatte schon {c} {X}. "
                    + "Wie viele {X} hat {A} jetzt?")));
    languages.put(
        "es",
        new Language(
            List.of("Ana", "Carlos", "Lucía", "Diego"),
            List.of(
                obj("X", "manzanas", "Q", "Cuántas"),
                obj("X", "libros", "Q", "Cuántos"),
                obj("X", "lápices", "Q", "Cuántos"),
                obj("X", "huevos", "Q", "Cuántos")),
            List.of(
                "{A} tiene {a} {X}. {A} compra {b} {X} más. ¿{Q} {X} tiene {A} ahora?",
                "{A} tiene {a} {X}. {B} tiene {b} {X}. ¿{Q} {X} tienen {A} y {B} en total?",
                "{A} tiene {a} {X}. {A} regala {b} {X}. ¿{Q} {X} le quedan a {A}?",
                "{A} tiene {a} {X}. {B} tiene {b} {X}. ¿{Q} {X} más tiene {A} que {B}?",
                "{A} compra {a} bolsas. Cada bolsa tiene {b} {X}. ¿{Q} {X} compra {A}?",
                "{A} tiene {a} cajas con {b} {X} en cada caja. ¿{Q} {X} tiene {A}?",
                "{A} tiene {a} {X}. {A} compra {b} {X} más y regala {c} {X}. "
                    + "¿{Q} {X} tiene {A} ahora?",
                "{A} compra {a} bolsas con {b} {X} cada una. {A} ya tenía {c} {X}. "
                    + "¿{Q} {X} tiene {A} ahora?")));
    languages.put(
        "fr",
        new Language(
            List.of("Léa", "Hugo", "Chloé", "Louis"),
            List.of(
                obj("X", "pommes"), obj("X", "livres"), obj("X", "crayons"), obj("X", "billes")),
            List.of(
                "{A} a {a} {X}. {A} achète encore {b} {X}. Combien de {X} a {A} maintenant ?",
                "{A} a {a} {X}. {B} a {b} {X}. Combien de {X} ont {A} et {B} ensemble ?",
                "{A} a {a} {X}. {A} donne {b} {X}. Combien de {X} reste-t-il à {A} ?",
                "{A} a {a} {X}. {B} a {b} {X}. {A} a combien de {X} de plus que {B} ?",
                "{A} achète {a} sacs. Chaque sac contient {b} {X}. Combien de {X} achète {A} ?",
                "{A} a {a} boîtes de {b} {X} chacune. Combien de {X} a {A} ?",
                "{A} a {a} {X}. {A} achète encore {b} {X} et en donne {c}. "
                    + "Combien de {X} a {A} maintenant ?",
                "{A} achète {a} sacs de {b} {X}. {A} avait déjà {c} {X}. "
                    + "Combien de {X} a {A} maintenant ?")));
    languages.put(
        "sw",
        new Language(
            List.of("Juma", "Amina", "Baraka", "Neema"),
            List.of(
                obj("X", "machungwa", "Q", "mangapi"),
                obj("X", "vitabu", "Q", "vingapi"),
                obj("X", "kalamu", "Q", "ngapi"),
                obj("X", "mayai", "Q", "mangapi")),
            List.of(
                "{A} ana {X} {a}. {A} ananunua {X} {b} zaidi. {A} ana {X} {Q} sasa?",
                "{A} ana {X} {a}. {B} ana {X} {b}. {A} na {B} wana {X} {Q} kwa jumla?",
                "{A} ana {X} {a}. {A} anatoa {X} {b}. {A} amebaki na {X} {Q}?",
                "{A} ana {X} {a}. {B} ana {X} {b}. {A} ana {X} {Q} zaidi ya {B}?",
                "{A} ananunua mifuko {a}. Kila mfuko una {X} {b}. {A} ananunua {X} {Q}?",
                "{A} ana masanduku {a} yenye {X} {b} kila moja. {A} ana {X} {Q}?",
                "{A} ana {X} {a}. {A} ananunua {X} {b} zaidi na anatoa {X} {c}. "
                    + "{A} ana {X} {Q} sasa?",
                "{A} ananunua mifuko {a} yenye {X} {b} kila mmoja. {A} alikuwa na {X} {c} tayari. "
                    + "{A} ana {X} {Q} sasa?")));
    languages.put(
        "ru",
        new Language(
            List.of("Иван|Ивана", "Олег|Олега", "Борис|Бориса", "Павел|Павла"),
            List.of(
                obj("X", "яблоко|яблока|яблок"),
                obj("X", "книга|книги|книг"),
                obj("X", "карандаш|карандаша|карандашей"),
                obj("X", "яйцо|яйца|яиц")),
            List.of(
                "У {AG} {a} {X:a}. {A} купил ещё {b} {X:b}. Сколько {X} у {AG} теперь?",
                "У {AG} {a} {X:a}. У {BG} {b} {X:b}. Сколько {X} у {AG} и {BG} вместе?",
                "У {AG} {a} {X:a}. {A} отдал {b} {X:b}. Сколько {X} осталось у {AG}?",
                "У {AG} {a} {X:a}. У {BG} {b} {X:b}. На сколько больше {X} у {AG}, чем у {BG}?",
                "{A} купил {a} {пакет|пакета|пакетов:a}. В каждом пакете {b} {X:b}. "
                    + "Сколько {X} купил {A}?",
                "У {AG} {a} {коробка|коробки|коробок:a}, в каждой по {b} {X:b}. Сколько {X} у"
                    + " {AG}?",
                "У {AG} {a} {X:a}. {A} купил ещё {b} {X:b} и отдал {c} {X:c}. "
                    + "Сколько {X} у {AG} теперь?",
                "{A} купил {a} {пакет|пакета|пакетов:a}, в каждом по {b} {X:b}. "
                    + "У {AG} уже было {c} {X:c}. Сколько {X} у {AG} теперь?")));
    languages.put(
        "zh",
        new Language(
            List.of("小明", "小红", "小刚", "小丽"),
            List.of(
                obj("X", "苹果", "C", "个"),
                obj("X", "书", "C", "本"),
                obj("X", "铅笔", "C", "支"),
                obj("X", "鸡蛋", "C", "个")),
            List.of(
                "{A}有{a}{C}{X}。{A}又买了{b}{C}{X}。{A}现在有多少{C}{X}？",
                "{A}有{a}{C}{X}，{B}有{b}{C}{X}。{A}和{B}一共有多少{C}{X}？",
                "{A}有{a}{C}{X}。{A}送出了{b}{C}{X}。{A}还剩多少{C}{X}？",
                "{A}有{a}{C}{X}，{B}有{b}{C}{X}。{A}比{B}多多少{C}{X}？",
                "{A}买了{a}袋{X}，每袋有{b}{C}。{A}一共买了多少{C}{X}？",
                "{A}有{a}个盒子，每个盒子里有{b}{C}{X}。{A}一共有多少{C}{X}？",
                "{A}有{a}{C}{X}。{A}又买了{b}{C}，然后送出了{c}{C}。{A}现在有多少{C}{X}？",
                "{A}买了{a}袋{X}，每袋有{b}{C}。{A}原来已经有{c}{C}。{A}现在一共有多少{C}{X}？")));
    languages.put(
        "th",
        new Language(
            List.of("สมชาย", "มานี", "ปิติ", "ชูใจ"),
            List.of(
                obj("X", "แอปเปิล", "C", "ผล"),
                obj("X", "หนังสือ", "C", "เล่ม"),
                obj("X", "ดินสอ", "C", "แท่ง"),
                obj("X", "ไข่", "C", "ฟอง")),
            List.of(
                "{A}มี{X} {a} {C} {A}ซื้อ{X}เพิ่มอีก {b} {C} ตอนนี้{A}มี{X}กี่{C}",
                "{A}มี{X} {a} {C} {B}มี{X} {b} {C} {A}และ{B}มี{X}รวมกันกี่{C}",
                "{A}มี{X} {a} {C} {A}ให้{X}ไป {b} {C} {A}เหลือ{X}กี่{C}",
                "{A}มี{X} {a} {C} {B}มี{X} {b} {C} {A}มี{X}มากกว่า{B}กี่{C}",
                "{A}ซื้อ{X} {a} ถุง ถุงละ {b} {C} {A}ซื้อ{X}ทั้งหมดกี่{C}",
                "{A}มีกล่อง {a} กล่อง แต่ละกล่องมี{X} {b} {C} {A}มี{X}ทั้งหมดกี่{C}",
                "{A}มี{X} {a} {C} {A}ซื้อเพิ่มอีก {b} {C} แล้วให้ไป {c} {C} ตอนนี้{A}มี{X}กี่{C}",
                "{A}ซื้อ{X} {a} ถุง ถุงละ {b} {C} {A}มี{X}อยู่แล้ว {c} {C} "
                    + "ตอนนี้{A}มี{X}ทั้งหมดกี่{C}")));
    for (Map.Entry<String, Language> e : languages.entrySet()) {
      if (e.getValue().templates().size() != TEMPLATES
          || e.getValue().names().size() != 4
          || e.getValue().objects().size() != 4) {
        throw new IllegalStateException("synthetic lexicon of " + e.getKey() + " is incomplete");
      }
    }
    LANGUAGES = Collections.unmodifiableMap(languages);
  }

  private static final Pattern SLOT = Pattern.compile("\\{([^}]+)}");

  /**
   * The question of template {@code t} in {@code lang}, with names, object and numbers filled in.
   */
  public static String render(String lang, int t, int nameA, int nameB, int object, int[] numbers) {
    Language l = LANGUAGES.get(lang);
    String[] a = l.names().get(nameA).split("\\|");
    String[] b = l.names().get(nameB).split("\\|");
    Map<String, String> o = l.objects().get(object);
    Matcher m = SLOT.matcher(l.templates().get(t));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String slot = m.group(1);
      String value =
          switch (slot) {
            case "A" -> a[0];
            case "B" -> b[0];
            case "AG" -> a[a.length - 1];
            case "BG" -> b[b.length - 1];
            case "a" -> Integer.toString(numbers[0]);
            case "b" -> Integer.toString(numbers[1]);
            case "c" -> Integer.toString(numbers[2]);
            case "X" -> last(o.get("X"));
            case "C", "Q" -> o.get(slot);
            default -> agreeing(slot, o, numbers);
          };
      if (value == null) {
        throw new IllegalStateException(
            "slot {" + slot + "} has no value in " + lang + " template " + t);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The template that asks the same question with the other operation, or -1: 0 ↔ 2 (has, buys more
   * / gives away), 1 ↔ 3 (two people: together / how many more). Such a pair differs only in the
   * words that say which operation to do.
   */
  public static int operationPartner(int t) {
    return t >= 0 && t < 4 ? t ^ 2 : -1;
  }

  /**
   * {@code question}, a rendering of a template with an {@link #operationPartner} in {@code lang},
   * rewritten with the partner template and the same names, object and numbers; empty when the
   * question is not such a rendering (another template, another language, or no synthetic text).
   */
  public static Optional<String> withOtherOperation(String lang, String question) {
    Language l = LANGUAGES.get(lang);
    if (l == null || question == null) {
      return Optional.empty();
    }
    for (int t = 0; t < TEMPLATES; t++) {
      int partner = operationPartner(t);
      if (partner < 0) {
        continue;
      }
      Map<String, String> slots = slotValues(l.templates().get(t), question);
      if (slots != null) {
        return fill(l.templates().get(partner), slots);
      }
    }
    return Optional.empty();
  }

  /**
   * The value of every slot of {@code template} in {@code text}, or null when it does not match.
   */
  private static Map<String, String> slotValues(String template, String text) {
    Matcher m = SLOT.matcher(template);
    List<String> slots = new ArrayList<>();
    StringBuilder regex = new StringBuilder();
    int from = 0;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(from, m.start())));
      int i = slots.indexOf(m.group(1));
      if (i < 0) {
        slots.add(m.group(1));
        // numbers are digits and nothing else is: a slot never swallows a number of the text
        boolean number = m.group(1).length() == 1 && "abc".contains(m.group(1));
        regex.append("(?<s").append(slots.size() - 1).append(number ? ">\\d+)" : ">\\D+?)");
      } else {
        regex.append("\\k<s").append(i).append('>');
      }
      from = m.end();
    }
    regex.append(Pattern.quote(template.substring(from)));
    Matcher t = Pattern.compile(regex.toString()).matcher(text);
    if (!t.matches()) {
      return null;
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < slots.size(); i++) {
      values.put(slots.get(i), t.group("s" + i));
    }
    return values;
  }

  private static Optional<String> fill(String template, Map<String, String> slots) {
    Matcher m = SLOT.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = slots.get(m.group(1));
      if (value == null) {
        return Optional.empty();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return Optional.of(out.toString());
  }

  private static String last(String forms) {
    String[] f = forms.split("\\|");
    return f[f.length - 1];
  }

  /** {@code X:a} or {@code one|few|many:a}: the form agreeing with the number (Russian rule). */
  private static String agreeing(String slot, Map<String, String> o, int[] numbers) {
    int colon = slot.lastIndexOf(':');
    if (colon < 0) {
      return null;
    }
    String forms = slot.substring(0, colon).equals("X") ? o.get("X") : slot.substring(0, colon);
    int n = numbers["abc".indexOf(slot.substring(colon + 1))];
    String[] f = forms.split("\\|");
    if (f.length == 1) {
      return f[0];
    }
    int mod10 = n % 10;
    int mod100 = n % 100;
    if (mod10 == 1 && mod100 != 11) {
      return f[0];
    }
    return mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14) ? f[1] : f[2];
  }
}
