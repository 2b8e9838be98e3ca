package dev.ops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChallengeTest {

  @Test
  void aBearerChallenge_givesRealmServiceAndScope() {
    Challenge challenge =
        Challenge.parse(
                "Bearer realm=\"https://auth.example/token\",service=\"registry.example\","
                    + "scope=\"repository:team/app:pull,push\"")
            .orElseThrow();

    assertThat(challenge.isBearer()).isTrue();
    assertThat(challenge.parameter("realm")).contains("https://auth.example/token");
    assertThat(challenge.parameter("service")).contains("registry.example");
    assertThat(challenge.parameter("scope")).contains("repository:team/app:pull,push");
  }

  @Test
  void unquotedValuesAndEscapes_areRead() {
    Challenge challenge = Challenge.parse("Basic realm=ops, note=\"say \\\"hi\\\"\"").orElseThrow();

    assertThat(challenge.isBearer()).isFalse();
    assertThat(challenge.parameter("realm")).contains("ops");
    assertThat(challenge.parameter("note")).contains("say \"hi\"");
  }

  @Test
  void anEmptyHeader_isNoChallenge() {
    assertThat(Challenge.parse("")).isEmpty();
    assertThat(Challenge.parse(null)).isEmpty();
  }
}
