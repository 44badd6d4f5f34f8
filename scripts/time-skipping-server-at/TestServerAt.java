import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.time.Instant;

/**
 * Temporal's time-skipping test server (io.temporal:temporal-test-server) started at a chosen instant
 * instead of now, so a scenario can replay a past year (the 2019-20 annual report) on the real server.
 * Arguments: <port> [--enable-time-skipping] --start-at=<ISO-8601 instant, e.g. 2019-04-01T06:00:00Z>
 */
public final class TestServerAt {
  public static void main(String[] args) throws Exception {
    Integer port = null;
    boolean timeSkipping = false;
    Instant startAt = null;
    for (String arg : args) {
      if (arg.equalsIgnoreCase("--enable-time-skipping")) timeSkipping = true;
      else if (arg.startsWith("--start-at=")) startAt = Instant.parse(arg.substring("--start-at=".length()));
      else if (port == null) port = Integer.parseInt(arg);
      else {
        System.err.println("TestServerAt: unknown argument " + arg);
        System.exit(2);
      }
    }
    if (port == null || startAt == null) {
      System.err.println("Usage: TestServerAt <port> [--enable-time-skipping] --start-at=<ISO-8601 instant>");
      System.exit(2);
    }
    // As io.temporal.testserver.TestServer does, with the initial time the starter already accepts.
    TestServicesStarter services = new TestServicesStarter(!timeSkipping, startAt.toEpochMilli());
    ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdownNow();
      services.close();
    }));
    server.awaitTermination();
  }
}
