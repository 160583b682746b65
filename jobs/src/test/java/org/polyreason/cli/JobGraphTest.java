package org.polyreason.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.polyreason.core.Job;
import org.polyreason.core.Table;
import org.polyreason.core.Tables;
import org.polyreason.testing.SharedData;

/**
 * The job graph is declared once, by {@link Job#reads()} and {@link Job#writes()}; the README jobs
 * table must say the same (its reads column lists the tables a job reads and does not write).
 */
class JobGraphTest {
  private static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)` \\|([^|]*)\\|([^|]*)\\|");
  private static final Pattern TICKED = Pattern.compile("`([^`]+)`");

  @Test
  void readmeJobsTableListsTheDeclaredReadsAndWritesOfEveryJob() throws IOException {
    Map<String, List<Set<String>>> readme = new LinkedHashMap<>();
    for (String line : Files.readAllLines(SharedData.repo().resolve("README.md"))) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        readme.put(m.group(1), List.of(tableNames(m.group(2)), tableNames(m.group(3))));
      }
    }
    assertThat(readme.keySet())
        .as("jobs in README.md's jobs table")
        .containsExactlyElementsOf(JobRegistry.all().keySet());
    for (Job<?> job : JobRegistry.all().values()) {
      Set<String> inputs =
          names(job.reads().stream().filter(t -> !job.writes().contains(t)).toList());
      assertThat(readme.get(job.name()).get(0))
          .as("README reads of %s", job.name())
          .isEqualTo(inputs);
      assertThat(readme.get(job.name()).get(1))
          .as("README writes of %s", job.name())
          .isEqualTo(names(job.writes()));
    }
  }

  @Test
  void everyTableAJobReadsIsWrittenByAJob() {
    Set<String> written = new TreeSet<>();
    JobRegistry.all().values().forEach(job -> written.addAll(names(job.writes())));
    for (Job<?> job : JobRegistry.all().values()) {
      assertThat(written)
          .as("writers of what %s reads", job.name())
          .containsAll(names(job.reads()));
    }
    assertThat(names(Tables.ALL))
        .as("every declared table but runs (the runner's) has a writer")
        .containsAll(written)
        .hasSize(written.size() + 1)
        .contains(Tables.RUNS.name());
  }

  @Test
  void tableNamesAreUniqueAndPartitionColumnsComeLast() {
    assertThat(Tables.ALL).extracting(Table::name).doesNotHaveDuplicates();
    for (Table t : Tables.ALL) {
      List<String> fields = List.of(t.schema().fieldNames());
      assertThat(fields.subList(fields.size() - t.partitionColumns().size(), fields.size()))
          .as("partition columns of %s", t)
          .isEqualTo(t.partitionColumns());
      assertThat(t.inWarehouse() ? fields : List.of()).as("key of %s", t).containsAll(t.key());
    }
  }

  private static Set<String> tableNames(String cell) {
    Set<String> known = names(Tables.ALL);
    Set<String> out = new TreeSet<>();
    Matcher m = TICKED.matcher(cell);
    while (m.find()) {
      if (known.contains(m.group(1))) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  private static Set<String> names(List<Table> tables) {
    Set<String> out = new TreeSet<>();
    tables.forEach(t -> out.add(t.name()));
    return out;
  }
}
