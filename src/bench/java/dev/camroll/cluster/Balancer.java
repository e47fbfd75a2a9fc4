package dev.camroll.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy from Debian in front of the instances: round robin, no stickiness, the readiness probe as health check, and
 * a retry on another instance only when the connection could not be made (a request that reached an instance is
 * never sent twice).
 */
final class Balancer implements AutoCloseable {

    private final Process process;

    private Balancer(Process process) {
        this.process = process;
    }

    static Balancer start(int port, int statsPort, List<Instance> instances, Path dir)
            throws IOException, InterruptedException {
        if (!Commands.available("haproxy")) {
            throw new IllegalStateException("haproxy not found: install Debian's haproxy");
        }
        StringBuilder config = new StringBuilder();
        config.append("""
                global
                    maxconn 4000

                defaults
                    mode http
                    option forwardfor
                    option redispatch
                    retries 3
                    retry-on conn-failure
                    timeout connect 2s
                    timeout client 90s
                    timeout server 90s
                    timeout http-request 30s
                    timeout queue 30s

                frontend api
                """);
        config.append("    bind 127.0.0.1:").append(port).append('\n');
        config.append("""
                    default_backend camroll

                backend camroll
                    balance roundrobin
                    option httpchk GET /actuator/health/readiness
                    http-check expect status 200
                    default-server inter 1s fastinter 500ms fall 2 rise 2
                """);
        for (Instance instance : instances) {
            config.append("    server ")
                    .append(instance.name())
                    .append(" 127.0.0.1:")
                    .append(instance.port())
                    .append(" check\n");
        }
        config.append("\nlisten stats\n    bind 127.0.0.1:")
                .append(statsPort)
                .append("\n    stats enable\n    stats uri /\n");
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, config);
        Commands.run(List.of("haproxy", "-c", "-q", "-f", file.toString()));
        Process process = new ProcessBuilder("haproxy", "-db", "-f", file.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile())
                .start();
        Thread.sleep(500);
        if (!process.isAlive()) {
            throw new IllegalStateException("haproxy exited: " + Files.readString(dir.resolve("haproxy.log")));
        }
        return new Balancer(process);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
