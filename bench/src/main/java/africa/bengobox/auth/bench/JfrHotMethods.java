package africa.bengobox.auth.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises where a JFR recording's CPU went: the hottest methods by self time (top frame), by total time (anywhere
 * on the stack) and the share of each area of the code. It uses the CPU-time samples of JDK 25
 * ({@code jdk.CPUTimeSample}, which also see time spent in native code such as the native crypto provider) when the
 * recording has them, otherwise the execution samples (Java code only). A sample is charged to the innermost frame
 * that belongs to a known area, so a HashMap lookup made by Micrometer counts as metrics.
 * <p>
 * Usage: {@code JfrHotMethods recording.jfr [top]}.
 */
public final class JfrHotMethods {

    /** Innermost match wins; the order only matters for overlapping prefixes (more specific first). */
    private static final Map<String, List<String>> AREAS = new LinkedHashMap<>();

    static {
        AREAS.put("native crypto (ACCP / AWS-LC: RSA, ECDSA, HMAC, SHA)", List.of("com.amazon.corretto.crypto"));
        AREAS.put("Argon2id (Bouncy Castle)", List.of("org.bouncycastle"));
        AREAS.put("JDK crypto (sun.security, javax.crypto, java.security)", List.of("sun.security", "javax.crypto", "com.sun.crypto", "java.security"));
        AREAS.put("Nimbus JOSE (JWT parse/serialise, JWK, JSON)", List.of("com.nimbusds"));
        AREAS.put("Jackson", List.of("tools.jackson", "com.fasterxml.jackson"));
        AREAS.put("database (H2, PostgreSQL, Hikari, Spring JDBC/tx)", List.of("org.h2", "org.postgresql", "com.zaxxer.hikari",
                "org.springframework.jdbc", "org.springframework.transaction"));
        AREAS.put("Redis, Spring Session", List.of("io.lettuce", "io.netty", "org.springframework.data.redis", "org.springframework.session"));
        AREAS.put("Thymeleaf pages", List.of("org.thymeleaf", "org.attoparser", "org.unbescape"));
        AREAS.put("Micrometer observation / metrics", List.of("io.micrometer"));
        AREAS.put("logging", List.of("ch.qos.logback", "org.slf4j", "org.apache.logging"));
        AREAS.put("Spring Boot nested-jar loader (class/resource lookups)", List.of("org.springframework.boot.loader"));
        AREAS.put("BengoBox code", List.of("africa.bengobox"));
        AREAS.put("Spring Authorization Server / OAuth2", List.of("org.springframework.security.oauth2"));
        AREAS.put("Spring Security (filter chain, rest)", List.of("org.springframework.security"));
        AREAS.put("Spring MVC / web", List.of("org.springframework.web"));
        AREAS.put("Spring (other: AOP, beans, core)", List.of("org.springframework"));
        AREAS.put("Tomcat, NIO, HTTP", List.of("org.apache", "sun.nio", "java.nio", "jakarta.servlet"));
        AREAS.put("JDK class loading / reflection", List.of("java.lang.ClassLoader", "jdk.internal.loader", "java.lang.invoke",
                "jdk.internal.reflect", "java.lang.reflect", "java.util.zip", "java.util.jar"));
    }

    private JfrHotMethods() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: JfrHotMethods RECORDING.jfr [TOP]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        List<RecordedEvent> cpu = new ArrayList<>();
        List<RecordedEvent> execution = new ArrayList<>();
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                String type = event.getEventType().getName();
                if (event.getStackTrace() == null || isTooling(event)) {
                    continue;
                }
                if (type.equals("jdk.CPUTimeSample")) {
                    cpu.add(event);
                } else if (type.equals("jdk.ExecutionSample")) {
                    execution.add(event);
                }
            }
        }
        List<RecordedEvent> samples = cpu.isEmpty() ? execution : cpu;
        String source = cpu.isEmpty() ? "jdk.ExecutionSample (Java code only)" : "jdk.CPUTimeSample (CPU time, native code included)";

        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        Map<String, Integer> areas = new HashMap<>();
        for (RecordedEvent event : samples) {
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            self.merge(name(frames.get(0).getMethod()), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            String area = null;
            for (RecordedFrame frame : frames) {
                String name = name(frame.getMethod());
                if (seen.add(name)) {
                    total.merge(name, 1, Integer::sum);
                }
                if (area == null) {
                    area = area(name);
                }
            }
            areas.merge(area == null ? "other (JDK code with no known caller area)" : area, 1, Integer::sum);
        }
        int n = samples.size();
        System.out.printf("JFR %s: %d samples from %s%n", file.getFileName(), n, source);
        print("Top methods by self time (top frame)", self, n, top);
        print("Share of samples by area (innermost known frame)", areas, n, 20);
        print("Top methods by total time (anywhere on the stack; request plumbing left out)", withoutPlumbing(total), n, top);
    }

    private static boolean isTooling(RecordedEvent event) {
        RecordedThread thread = event.hasField("sampledThread") ? event.getThread("sampledThread")
                : event.hasField("eventThread") ? event.getThread("eventThread") : null;
        String name = thread == null || thread.getJavaName() == null ? "" : thread.getJavaName();
        return name.startsWith("JFR ") || name.equals("Attach Listener");
    }

    private static String area(String method) {
        for (Map.Entry<String, List<String>> area : AREAS.entrySet()) {
            for (String prefix : area.getValue()) {
                if (method.startsWith(prefix)) {
                    return area.getKey();
                }
            }
        }
        return null;
    }

    private static Map<String, Integer> withoutPlumbing(Map<String, Integer> total) {
        Map<String, Integer> out = new HashMap<>();
        total.forEach((name, count) -> {
            boolean plumbing = name.startsWith("java.lang.Thread") || name.startsWith("java.lang.VirtualThread")
                    || name.startsWith("jdk.internal.vm.") || name.startsWith("java.util.concurrent")
                    || name.startsWith("org.apache.") || name.startsWith("jakarta.servlet") || name.contains("$$Lambda")
                    || name.contains("FilterChain") || name.endsWith(".doFilter") || name.endsWith(".doFilterInternal")
                    || name.startsWith("org.springframework.web.filter") || name.startsWith("java.lang.ScopedValue")
                    || name.startsWith("io.micrometer.observation.Observation.observe")
                    || name.startsWith("org.springframework.web.servlet.FrameworkServlet")
                    || name.startsWith("org.springframework.web.servlet.DispatcherServlet.doService");
            if (!plumbing) {
                out.put(name, count);
            }
        });
        return out;
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int top) {
        System.out.println(title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
    }

    private static String name(RecordedMethod method) {
        return method == null ? "?" : method.getType().getName() + "." + method.getName();
    }
}
