package dev.ops.core.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelModuleInfoTest {
  private static final Path VIRTIO_NET =
      Path.of("/tmp/k/root/lib/modules/6.1.0-57-cloud-amd64/kernel/drivers/net/virtio_net.ko");

  /** What the kernel's MODULE_INFO macro expands to: strings in a section of their own. */
  private static final String MODULE_SOURCE =
      "#define INFO(id, text) \\\n"
          + "  static const char id[] __attribute__((section(\".modinfo\"), used, aligned(1)))"
          + " = text\n"
          + "INFO(license, \"license=GPL\");\n"
          + "INFO(depends, \"depends=virtio_ring,virtio,net_failover\");\n"
          + "INFO(softdep, \"softdep=pre: crc32c post: ghash_generic\");\n"
          + "INFO(alias1, \"alias=virtio:d00000001v*\");\n"
          + "INFO(alias2, \"alias=pci:v00001AF4d*\");\n"
          + "INFO(name, \"name=demo_net\");\n"
          + "int demo_init(void) { return 0; }\n";

  @TempDir Path work;

  @Test
  void readsModinfoOfCompiledObject() throws Exception {
    Gcc.assumeAvailable();
    Path module = Gcc.compile(work.resolve("demo-net.ko"), MODULE_SOURCE, "-c");

    KernelModuleInfo info = KernelModuleInfo.read(module);

    assertThat(ElfFile.read(module).linkage()).isEqualTo(Linkage.RELOCATABLE);
    assertThat(info.name()).isEqualTo("demo_net");
    assertThat(info.dependencies()).containsExactly("virtio_ring", "virtio", "net_failover");
    assertThat(info.softDependenciesBefore()).containsExactly("crc32c");
    assertThat(info.softDependenciesAfter()).containsExactly("ghash_generic");
    assertThat(info.fields().get("alias"))
        .as("repeated keys keep every value in order")
        .containsExactly("virtio:d00000001v*", "pci:v00001AF4d*");
  }

  @Test
  void readsDependenciesOfRealKernelModule() throws Exception {
    assumeTrue(Files.isRegularFile(VIRTIO_NET), VIRTIO_NET + " is not unpacked here");

    KernelModuleInfo info = KernelModuleInfo.read(VIRTIO_NET);

    assertThat(info.name()).isEqualTo("virtio_net");
    assertThat(info.dependencies()).contains("net_failover", "virtio", "virtio_ring");
    assertThat(info.fields()).containsKey("vermagic");
  }

  @Test
  void takesNameFromFileWhenModinfoHasNone() {
    byte[] modinfo = "license=GPL\0\0depends=\0".getBytes(StandardCharsets.UTF_8);

    KernelModuleInfo info = KernelModuleInfo.parse(modinfo, "snd_hda_intel");

    assertThat(info.name()).isEqualTo("snd_hda_intel");
    assertThat(info.dependencies()).as("an empty depends= means none").isEmpty();
  }

  @Test
  void rejectsElfFileWithoutModinfo() throws Exception {
    Gcc.assumeAvailable();
    Path object = Gcc.compile(work.resolve("plain.o"), "int f(void) { return 1; }\n", "-c");

    assertThatThrownBy(() -> KernelModuleInfo.read(object))
        .isInstanceOf(ElfFormatException.class)
        .hasMessageContaining("has no .modinfo section, so it is not a Linux kernel module");
  }
}
