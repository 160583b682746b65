package org.polyreason.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.polyreason.common.UserException;

/**
 * Typed, validated reads of configuration values. Every failure becomes a {@link UserException}
 * whose message names the key, the value found and what is allowed. Jobs build their settings
 * records from these reads, before any Spark work.
 */
public final class Settings {
  private final Config config;
  private final Config overrides;

  public Settings(Config config) {
    this(config, com.typesafe.config.ConfigFactory.empty());
  }

  /**
   * @param overrides the command-line and system-property layers alone (already part of {@code
   *     config}); jobs that layer more configuration on top (study stages) keep these above their
   *     own layers
   */
  public Settings(Config config, Config overrides) {
    this.config = config;
    this.overrides = overrides;
  }

  public Config config() {
    return config;
  }

  /** The user's own overrides ({@code -D} and {@code --set}), highest precedence. */
  public Config overrides() {
    return overrides;
  }

  public boolean has(String key) {
    return config.hasPath(key);
  }

  public String string(String key) {
    try {
      ConfigValue v = config.getValue(key);
      if (v.valueType() == ConfigValueType.LIST || v.valueType() == ConfigValueType.OBJECT) {
        throw bad(key, v.render(), "a single value");
      }
      return config.getString(key);
    } catch (ConfigException.Missing e) {
      throw new UserException("Missing configuration key " + key);
    }
  }

  public String nonEmptyString(String key) {
    String value = string(key);
    if (value.isBlank()) {
      throw bad(key, "\"\"", "a non-empty value");
    }
    return value;
  }

  public String oneOf(String key, Collection<String> allowed) {
    String value = string(key);
    if (!allowed.contains(value)) {
      throw bad(key, value, "one of " + String.join(", ", allowed));
    }
    return value;
  }

  public boolean bool(String key) {
    String value = string(key);
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw bad(key, value, "true or false");
    };
  }

  public int intInRange(String key, int min, int max) {
    return (int) longInRange(key, min, max);
  }

  public long longInRange(String key, long min, long max) {
    String value = string(key);
    try {
      long v = Long.parseLong(value.strip());
      if (v < min || v > max) {
        throw bad(key, value, "an integer in [" + min + ", " + max + "]");
      }
      return v;
    } catch (NumberFormatException e) {
      throw bad(key, value, "an integer in [" + min + ", " + max + "]");
    }
  }

  public double doubleInRange(String key, double min, double max) {
    String value = string(key);
    try {
      double v = Double.parseDouble(value.strip());
      if (!(v >= min && v <= max)) {
        throw bad(key, value, "a number in [" + min + ", " + max + "]");
      }
      return v;
    } catch (NumberFormatException e) {
      throw bad(key, value, "a number in [" + min + ", " + max + "]");
    }
  }

  /** A confidence level strictly between 0 and 1. */
  public double confidence(String key) {
    double c = doubleInRange(key, 0.0, 1.0);
    if (c <= 0.0 || c >= 1.0) {
      throw bad(key, string(key), "a number strictly between 0 and 1, e.g. 0.95");
    }
    return c;
  }

  /**
   * A list of strings; a single string value is accepted as a one-element list (handy with --set).
   */
  public List<String> stringList(String key) {
    try {
      ConfigValue v = config.getValue(key);
      if (v.valueType() == ConfigValueType.LIST) {
        return List.copyOf(config.getStringList(key));
      }
      if (v.valueType() == ConfigValueType.OBJECT) {
        throw bad(key, v.render(), "a list of strings, e.g. [en, de]");
      }
      String s = config.getString(key).strip();
      if (s.isEmpty()) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (String part : s.split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
      return List.copyOf(out);
    } catch (ConfigException.Missing e) {
      throw new UserException("Missing configuration key " + key);
    } catch (ConfigException.WrongType e) {
      throw bad(key, config.getValue(key).render(), "a list of strings, e.g. [en, de]");
    }
  }

  /** A list of objects, each returned as its own Config. */
  public List<Config> objectList(String key) {
    try {
      return List.copyOf(config.getConfigList(key));
    } catch (ConfigException.Missing e) {
      throw new UserException("Missing configuration key " + key);
    } catch (ConfigException.WrongType e) {
      throw bad(
          key, config.getValue(key).render(), "a list of objects, e.g. [ { name = x, ... } ]");
    }
  }

  /** Each element of {@code values} must be in {@code allowed}. */
  public static void requireAllIn(String key, List<String> values, Collection<String> allowed) {
    for (String v : values) {
      if (!allowed.contains(v)) {
        throw bad(key, v, "one of " + String.join(", ", allowed));
      }
    }
  }

  public static UserException bad(String key, String value, String allowed) {
    return new UserException("Bad value for " + key + ": " + value + "; allowed: " + allowed);
  }
}
