package org.polyreason.jobs.importer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.polyreason.common.Languages;
import org.polyreason.common.UserException;

/**
 * Expands {@code polyreason.import.path} (a file, a directory, or a glob) and reads languages off
 * file names.
 */
final class ImportFiles {
  private ImportFiles() {}

  /**
   * Fully qualified paths of the matching data files (directories are walked recursively), sorted.
   */
  static List<String> expand(String pathOrGlob, Configuration conf) {
    try {
      Path p = new Path(pathOrGlob);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(p);
      if (matches == null || matches.length == 0) {
        throw new UserException(
            "Import path " + pathOrGlob + " (polyreason.import.path) matches no file");
      }
      List<String> files = new ArrayList<>();
      for (FileStatus m : matches) {
        collect(fs, m, files);
      }
      if (files.isEmpty()) {
        throw new UserException(
            "Import path "
                + pathOrGlob
                + " (polyreason.import.path) holds no data file "
                + "(.json, .jsonl, .csv, optionally .gz; .parquet)");
      }
      files.sort(null);
      return files;
    } catch (IOException e) {
      throw new UserException("Cannot list import path " + pathOrGlob + ": " + e.getMessage(), e);
    }
  }

  private static void collect(FileSystem fs, FileStatus s, List<String> out) throws IOException {
    if (s.isDirectory()) {
      for (FileStatus c : fs.listStatus(s.getPath())) {
        collect(fs, c, out);
      }
    } else if (isDataFile(s.getPath().getName())) {
      out.add(s.getPath().toString());
    }
  }

  static boolean isDataFile(String name) {
    String n = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    return !name.startsWith(".")
        && !name.startsWith("_")
        && (n.endsWith(".json")
            || n.endsWith(".jsonl")
            || n.endsWith(".csv")
            || n.endsWith(".parquet"));
  }

  /**
   * The question language a path names: the last {@code _xx} token of the file name that is a
   * language code ({@code mcot_ft_mgsm_de.json}, {@code samples_mgsm_direct_de_2024-05-01.jsonl}),
   * else the nearest directory that is one ({@code …/de/s1_infer_8000.jsonl.gz}); null if none.
   */
  static String languageOf(String path) {
    String[] parts = path.replace('\\', '/').split("/");
    String name = parts[parts.length - 1];
    String found = null;
    for (String token : name.split("[_.]")) {
      if (Languages.isKnown(token)) {
        found = token;
      }
    }
    if (found != null) {
      return found;
    }
    for (int i = parts.length - 2; i >= 0; i--) {
      if (Languages.isKnown(parts[i])) {
        return parts[i];
      }
    }
    return null;
  }
}
