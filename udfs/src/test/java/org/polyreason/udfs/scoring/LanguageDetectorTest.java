package org.polyreason.udfs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.polyreason.udfs.language.TextProfile;

class LanguageDetectorTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "en|First, we need to find how many eggs are left after breakfast and baking, then multiply by the price.",
        "de|Zuerst müssen wir herausfinden, wie viele Eier nach dem Frühstück und dem Backen übrig bleiben.",
        "es|Primero necesitamos averiguar cuántos huevos quedan después del desayuno y de hornear los pasteles.",
        "fr|Tout d'abord, nous devons trouver combien d'œufs restent après le petit déjeuner et la pâtisserie.",
        "it|Per prima cosa dobbiamo capire quante uova rimangono dopo la colazione e dopo aver cucinato i dolci.",
        "pt|Primeiro, precisamos descobrir quantos ovos sobram depois do café da manhã e de assar os bolinhos.",
        "id|Pertama, kita perlu mencari tahu berapa banyak telur yang tersisa setelah sarapan dan membuat kue.",
        "sw|Kwanza, tunahitaji kujua ni mayai mangapi yanabaki baada ya kifungua kinywa na kuoka keki.",
        "vi|Đầu tiên, chúng ta cần tìm xem còn lại bao nhiêu quả trứng sau bữa sáng và khi nướng bánh.",
        "bn|প্রথমে আমাদের খুঁজে বের করতে হবে সকালের নাস্তা এবং কেক বানানোর পরে কতগুলি ডিম অবশিষ্ট থাকে।",
        "te|మొదట, అల్పాహారం మరియు కేక్ తయారీ తర్వాత ఎన్ని గుడ్లు మిగిలి ఉన్నాయో మనం కనుగొనాలి.",
        "th|ก่อนอื่นเราต้องหาว่าเหลือไข่กี่ฟองหลังจากอาหารเช้าและการอบขนม",
        "hi|सबसे पहले हमें यह पता लगाना होगा कि नाश्ते और केक बनाने के बाद कितने अंडे बचे हैं।",
        "ar|أولاً، نحتاج إلى معرفة عدد البيض المتبقي بعد الإفطار والخبز.",
        "ko|먼저 아침 식사와 베이킹 후에 남은 달걀이 몇 개인지 알아내야 합니다.",
        "ja|まず、朝食とお菓子作りの後に卵がいくつ残っているかを調べる必要があります。",
        "zh|首先，我们需要算出早餐和烘焙之后还剩下多少个鸡蛋，然后乘以价格。",
        "ru|Сначала нужно выяснить, сколько яиц осталось после завтрака и выпечки."
      })
  void detects(String expected, String text) {
    assertThat(LanguageDetector.detect(text)).isEqualTo(expected);
  }

  @Test
  void mathsAndNumbersDoNotVote() {
    String text =
        "\\[ \\frac{16 - 3 - 4}{1} \\times 2 = 18 \\] $x^2 + y^2$ \\boxed{18} 12345 = 9 * 2";
    assertThat(LanguageDetector.detect(text)).isEqualTo(LanguageDetector.UNKNOWN);
    assertThat(
            LanguageDetector.detect(
                "Die Antwort ist $\\frac{a}{b}$ und das ist sicher so, denke ich mal."))
        .isEqualTo("de");
  }

  @Test
  void tooLittleTextIsUnknownAndNullIsNull() {
    assertThat(LanguageDetector.detect("The answer")).isEqualTo(LanguageDetector.UNKNOWN);
    assertThat(LanguageDetector.detect(null)).isNull();
  }

  @Test
  void longTextsAreDetectedOnABoundedSampleButCountedWhole() {
    String longText = "Wir rechnen Schritt für Schritt weiter. ".repeat(500);
    TextProfile p = TextProfile.of(longText);
    assertThat(p.windowCount()).isEqualTo(TextProfile.WINDOWS);
    for (int w = 0; w < p.windowCount(); w++) {
      assertThat(p.window(w).length()).isLessThanOrEqualTo(TextProfile.WINDOW);
    }
    assertThat(p.total()).isEqualTo(500 * "WirrechnenSchrittfürSchrittweiter".length());
    assertThat(LanguageDetector.detect(longText)).isEqualTo("de");
    // a switch in the middle of a long text is seen by the middle windows
    String en = "We keep computing step by step from here. ".repeat(250);
    String de = "Wir rechnen Schritt für Schritt weiter. ".repeat(250);
    TextProfile mixed = TextProfile.of(en + de);
    assertThat(mixed.windowLanguage(0)).isEqualTo("en");
    assertThat(mixed.windowLanguage(TextProfile.WINDOWS - 1)).isEqualTo("de");
  }

  @Test
  void controlTokensCodeAndUrlsDoNotVote() {
    String noise =
        "<|im_start|>think<|im_end|> ```python\nprint('hello world this is code')\n``` "
            + "https://example.com/some/english/words <think></think>";
    assertThat(TextProfile.of(noise).total()).isZero();
    // an unclosed dollar is a symbol, not the start of maths: the words after it count
    assertThat(TextProfile.of("costs $5 and more").total()).isEqualTo("costsandmore".length());
  }
}
