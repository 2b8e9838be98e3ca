package dev.ops.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.core.util.Digests;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpioLayerWriterTest {

  @TempDir Path host;
  private Path program;

  /** One archive member as read back: its header and its body. */
  private record Member(CpioArchiveEntry header, byte[] body) {
    String name() {
      return header.getName();
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  @BeforeEach
  void createHostFile() throws IOException {
    program = host.resolve("app");
    Files.writeString(program, "#!binary of the program");
  }

  private LayerContents sampleLayer() {
    return new LayerContents("program")
        .add(new LayerEntry.HostFile("/opt/app/bin/app", 0755, program))
        .add(new LayerEntry.Content("/etc/app.conf", 0600, "key=value\n".getBytes()))
        .add(new LayerEntry.Symlink("/opt/app/current", "bin"))
        .add(new LayerEntry.Directory("/var/empty", 0700));
  }

  private static byte[] write(LayerContents contents) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CpioLayerWriter.write(contents, out);
    return out.toByteArray();
  }

  private static List<Member> readBack(byte[] archive) throws IOException {
    List<Member> members = new ArrayList<>();
    try (CpioArchiveInputStream in =
        new CpioArchiveInputStream(new ByteArrayInputStream(archive))) {
      for (CpioArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        members.add(new Member(entry, in.readAllBytes()));
      }
    }
    return members;
  }

  private static Member member(List<Member> members, String name) {
    return members.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void writesNamesWithoutTheLeadingSlash() throws IOException {
    List<Member> members = readBack(write(sampleLayer()));

    assertThat(members)
        .extracting(Member::name)
        .contains("opt/app/bin/app", "etc/app.conf", "opt/app/current")
        .allSatisfy(name -> assertThat(name).doesNotStartWith("/"));
  }

  @Test
  void writesNormalisedNamesForEntriesGivenWithoutLeadingSlash() throws IOException {
    LayerContents contents =
        new LayerContents("program").add(new LayerEntry.Content("data//x", 0644, new byte[0]));

    assertThat(readBack(write(contents))).extracting(Member::name).contains("data/x");
  }

  @Test
  void writesParentsBeforeTheirChildren() throws IOException {
    List<String> names = readBack(write(sampleLayer())).stream().map(Member::name).toList();

    assertThat(names.indexOf("opt")).isLessThan(names.indexOf("opt/app"));
    assertThat(names.indexOf("opt/app")).isLessThan(names.indexOf("opt/app/bin"));
    assertThat(names.indexOf("opt/app/bin")).isLessThan(names.indexOf("opt/app/bin/app"));
  }

  @Test
  void ownsEverythingByRootAtTimeZero() throws IOException {
    assertThat(readBack(write(sampleLayer())))
        .allSatisfy(
            member -> {
              assertThat(member.header().getUID()).as(member.name()).isZero();
              assertThat(member.header().getGID()).as(member.name()).isZero();
              assertThat(member.header().getTime()).as(member.name()).isZero();
            });
  }

  @Test
  void writesTheModeOfEachKindOfEntry() throws IOException {
    List<Member> members = readBack(write(sampleLayer()));

    assertThat(member(members, "opt/app/bin/app").header().getMode()).isEqualTo(0100755);
    assertThat(member(members, "etc/app.conf").header().getMode()).isEqualTo(0100600);
    assertThat(member(members, "opt/app/current").header().getMode()).isEqualTo(0120777);
    assertThat(member(members, "var/empty").header().getMode()).isEqualTo(040700);
    assertThat(member(members, "opt").header().getMode()).isEqualTo(040755);
  }

  @Test
  void writesTheBytesOfHostFilesAndGeneratedContent() throws IOException {
    List<Member> members = readBack(write(sampleLayer()));

    assertThat(member(members, "opt/app/bin/app").text()).isEqualTo("#!binary of the program");
    assertThat(member(members, "etc/app.conf").text()).isEqualTo("key=value\n");
  }

  @Test
  void writesTheTargetOfASymbolicLinkAsItsBody() throws IOException {
    Member link = member(readBack(write(sampleLayer())), "opt/app/current");

    assertThat(link.header().isSymbolicLink()).isTrue();
    assertThat(link.text()).isEqualTo("bin");
  }

  @Test
  void numbersInodesUpInArchiveOrder() throws IOException {
    List<Long> inodes =
        readBack(write(sampleLayer())).stream().map(m -> m.header().getInode()).toList();

    assertThat(inodes).isSorted().doesNotHaveDuplicates().startsWith(1L);
  }

  @Test
  void endsWithTheLayersMarker() throws IOException {
    List<Member> members = readBack(write(sampleLayer()));
    Member last = members.get(members.size() - 1);

    assertThat(last.name()).isEqualTo(".ops/layers/program");
    assertThat(last.header().getMode()).isEqualTo(0100444);
    assertThat(last.body()).isEmpty();
    assertThat(CpioLayerWriter.markerPath("program")).isEqualTo("/.ops/layers/program");
  }

  @Test
  void includesTheMarkersDirectories() throws IOException {
    List<String> names = readBack(write(sampleLayer())).stream().map(Member::name).toList();

    assertThat(names).contains(".ops", ".ops/layers");
    assertThat(names.indexOf(".ops/layers")).isLessThan(names.indexOf(".ops/layers/program"));
  }

  @Test
  void padsTheArchiveToWholeBlocks() throws IOException {
    byte[] archive = write(sampleLayer());

    assertThat(archive.length % 512).as("a multiple of 512, so of 4 too").isZero();
  }

  @Test
  void writesSameBytesForSameEntries() throws IOException {
    byte[] first = write(sampleLayer());
    byte[] second = write(sampleLayer());

    assertThat(second).isEqualTo(first);
    assertThat(Digests.of(second)).isEqualTo(Digests.of(first));
  }

  @Test
  void writesSameBytesWhateverTheOrderEntriesWereAddedIn() throws IOException {
    LayerContents reversed =
        new LayerContents("program")
            .add(new LayerEntry.Directory("/var/empty", 0700))
            .add(new LayerEntry.Symlink("/opt/app/current", "bin"))
            .add(new LayerEntry.Content("/etc/app.conf", 0600, "key=value\n".getBytes()))
            .add(new LayerEntry.HostFile("/opt/app/bin/app", 0755, program));

    assertThat(write(reversed)).isEqualTo(write(sampleLayer()));
  }

  @Test
  void writesSameBytesWhenTheHostFilesTimesChange() throws IOException {
    byte[] before = write(sampleLayer());
    Files.setLastModifiedTime(
        program, java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L));

    assertThat(write(sampleLayer())).isEqualTo(before);
  }

  @Test
  void writesSameBytesWhenTheSameContentsAreWrittenTwice() throws IOException {
    LayerContents contents = sampleLayer();

    assertThat(write(contents)).isEqualTo(write(contents));
  }

  @Test
  void writesAValidArchiveForAnEmptyLayer() throws IOException {
    List<Member> members = readBack(write(new LayerContents("empty")));

    assertThat(members)
        .extracting(Member::name)
        .containsExactly(".ops", ".ops/layers", ".ops/layers/empty");
  }
}
