package org.polyreason.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** runs.config never holds a secret: by key name at every depth, in list objects and in URIs. */
class RedactionTest {
  static final String HOSTILE = "hunter2-\\\"quoted\\\"-{brace}-[x]";

  @Test
  void secretNamesAreExactWords() {
    assertThat(
            List.of(
                "password",
                "db-password",
                "hf_token",
                "authToken",
                "token",
                "secret",
                "client-secret",
                "credentials",
                "auth",
                "Authorization",
                "access-key",
                "accessKey",
                "api-key",
                "apiKey",
                "key",
                "secret.key",
                "private_key",
                "aws-secret-access-key",
                "session-token",
                "passphrase"))
        .allMatch(RunsTable::isSecretName);
    assertThat(
            List.of(
                "max-new-tokens",
                "tokens",
                "tokenizer",
                "problem-key",
                "sample-key",
                "sort-key",
                "author",
                "keys-per-batch",
                "monkey",
                "keyword",
                "path",
                "model",
                "partition-key",
                "primary-key"))
        .noneMatch(RunsTable::isSecretName);
  }

  @Test
  void hostileValuesAtEveryDepthAreMasked() {
    Config c =
        ConfigFactory.parseString(
            """
        polyreason {
          warehouse = "s3a://AKIAEXAMPLE:wJalrXUtnFEMI@bucket/wh"
          data-root = "hdfs://alice:pw0@namenode:8020/data?x=1&token=tok123&y=2"
          generate { max-new-tokens = 512 }
          password = "%1$s"
          models { m1 { path = "https://bob:pw1@hub.example/model", hf-token = "%1$s", tokenizer = "t" } }
          transfer.pairs = [
            { model = a, base = b, api-key = "%1$s", uri = "gs://carol:pw2@b/x" },
            { model = c, deep = { nested = [ { secret = "%1$s", credentials = { user = u, pass = "%1$s" } } ] } }
          ]
          scaling-law.series = [ { name = s1, auth = "%1$s", points = [ "ftp://dave:pw3@h/p" ] } ]
          import.fields { problem-key = id }
          spark { hadoop { fs.s3a.access.key = "%1$s", fs.s3a.secret.key = "%1$s" } }
        }
        """
                .formatted(HOSTILE));
    String json = RunsTable.renderRedacted(c);
    for (String secret :
        List.of(
            "hunter2",
            "AKIAEXAMPLE",
            "wJalrXUtnFEMI",
            "alice",
            "pw0",
            "tok123",
            "bob",
            "pw1",
            "carol",
            "pw2",
            "dave",
            "pw3")) {
      assertThat(json).as(secret).doesNotContain(secret);
    }
    assertThat(json)
        .contains(
            "\"max-new-tokens\":512",
            "\"tokenizer\":\"t\"",
            "\"problem-key\":\"id\"",
            "s3a://***@bucket/wh",
            "hdfs://***@namenode:8020/data?x=1&token=***&y=2",
            "https://***@hub.example/model",
            "gs://***@b/x",
            "ftp://***@h/p",
            "\"model\":\"a\"",
            "\"name\":\"s1\"");
    // ten masked values: password, hf-token, api-key, secret, credentials, auth, access.key,
    // secret.key
    assertThat(json.split("\"\\*\\*\\*\"", -1).length - 1).isEqualTo(8);
  }

  @Test
  void errorsLoseUriUserInfoToo() {
    assertThat(RunsTable.redactText("Cannot open s3a://KEY:SECRET@bucket/x: denied"))
        .isEqualTo("Cannot open s3a://***@bucket/x: denied");
    assertThat(RunsTable.redactText(null)).isNull();
  }
}
