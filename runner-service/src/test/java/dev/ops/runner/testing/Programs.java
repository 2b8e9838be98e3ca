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

  /** Ignores SIGTERM: only a kill ends it. */
  public static final String IGNORES_TERM =
      "#include <stdio.h>\n#include <signal.h>\n#include <unistd.h>\n"
          + "int main(){signal(SIGTERM,SIG_IGN);puts(\"stubborn\");fflush(stdout);"
          + "for(;;)pause();}\n";

  /** Answers "pong" to every TCP connection on port 7000, a line per answer on its console. */
  public static final String PONGS =
      "#include <stdio.h>\n#include <string.h>\n#include <unistd.h>\n"
          + "#include <netinet/in.h>\n#include <sys/socket.h>\n"
          + "int main(){int s=socket(AF_INET,SOCK_STREAM,0);int one=1;"
          + "setsockopt(s,SOL_SOCKET,SO_REUSEADDR,&one,sizeof one);"
          + "struct sockaddr_in a;memset(&a,0,sizeof a);a.sin_family=AF_INET;"
          + "a.sin_port=htons(7000);bind(s,(struct sockaddr*)&a,sizeof a);listen(s,8);"
          + "puts(\"listening\");fflush(stdout);"
          + "for(;;){int c=accept(s,0,0);write(c,\"pong\\n\",5);close(c);"
          + "puts(\"answered\");fflush(stdout);}}\n";

  /** Exits 1 at once: for restart policies. */
  public static final String FAILS = "int main(){return 1;}\n";

  private Programs() {}
}
