package dev.ops.runner.testing;

/** The C sources the runner tests boot. */
public final class Programs {

  /** Prints two lines and exits with status 3. */
  public static final String EXITS_3 =
      "#include <stdio.h>\n" + "int main(){puts(\"first line\");puts(\"second line\");return 3;}\n";

  /** Runs until SIGTERM, then says goodbye and exits 0. */
  public static final String SERVES_UNTIL_TERM =
      "#include <stdio.h>\n#include <signal.h>\n#include <unistd.h>\n"
          + "static volatile sig_atomic_t done;\n"
          + "static void term(int s){(void)s;done=1;}\n"
          + "int main(){signal(SIGTERM,term);puts(\"serving\");fflush(stdout);\n"
          + "while(!done)pause();puts(\"bye\");return 0;}\n";

  /** Crashes the kernel through the magic SysRq key (the stock kernel has it). */
  public static final String PANICS =
      "#include <stdio.h>\n#include <fcntl.h>\n#include <unistd.h>\n"
          + "int main(){puts(\"crashing the kernel\");fflush(stdout);sleep(1);\n"
          + "int f=open(\"/proc/sysrq-trigger\",O_WRONLY);write(f,\"c\",1);return 1;}\n";

  /** Exits 1 at once: for restart policies. */
  public static final String FAILS = "int main(){return 1;}\n";

  private Programs() {}
}
