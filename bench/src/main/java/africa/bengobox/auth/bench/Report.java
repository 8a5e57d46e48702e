package africa.bengobox.auth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns bench/run.sh's raw measurements into the report: each scenario against the limit JMH measured for the work
 * it cannot avoid, and against the targets of the performance issue. Prints a table, then one
 * {@code RESULT scenario=... ratio=... target=... met=yes|no} line per scenario.
 * <p>
 * Usage: {@code Report jmh.json scenarios.txt}. JMH ran with one thread per core, so its scores are the machine's
 * throughput, comparable with the server's requests per second as they are. Each line of scenarios.txt is
 * {@code scenario=NAME key=value ...} with rps, p50_ms, p99_ms, errors, peak_rss_mib (and sigs for refresh,
 * ready_s for start-up, and the limits measured right before and after the scenario where it has them: jwks_nearby for
 * the scenarios compared with the JWKS endpoint, rs256_nearby for the RS256 tokens, argon2_nearby for logins).
 */
public final class Report {

    private static final double RSS_LIMIT_MIB = 600;

    private Report() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: Report JMH_JSON SCENARIOS_TXT");
            System.exit(2);
        }
        Map<String, Double> jmh = jmh(Path.of(args[0]));
        Map<String, Map<String, String>> scenarios = scenarios(Path.of(args[1]));

        System.out.println("JMH limits (ops/s, whole machine: one benchmark thread per core):");
        jmh.forEach((name, score) -> System.out.printf(Locale.ROOT, "  %-26s %10.1f%n", name, score));
        System.out.println();

        double jwks = number(scenarios.get("jwks"), "rps");
        List<String> results = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%-18s %9s %9s %9s %7s %8s %7s  %s%n", "scenario", "rps", "p50_ms", "p99_ms",
                "errors", "rss_MiB", "ratio", "limit / target");
        for (Map.Entry<String, Map<String, String>> entry : scenarios.entrySet()) {
            String name = entry.getKey();
            Map<String, String> s = entry.getValue();
            double rps = number(s, "rps");
            double p99 = number(s, "p99_ms");
            long errors = (long) number(s, "errors");
            double rss = number(s, "peak_rss_mib");
            Double ratio = null;
            String limit;
            // the limits measured just before and after this scenario, where the run has them
            double jwksNearby = nearby(s, "jwks_nearby", jwks);
            double rs256 = jmh.getOrDefault("sign RS256", Double.NaN);
            double rs256Nearby = nearby(s, "rs256_nearby", rs256);
            double argon2Nearby = nearby(s, "argon2_nearby", jmh.getOrDefault("argon2id", Double.NaN));
            List<String> targets = new ArrayList<>();
            boolean met = true;
            switch (name) {
                case "startup" -> {
                    double ready = number(s, "ready_s");
                    limit = "ready " + s.get("ready_s") + " s after exec (fresh data dir), " + s.getOrDefault("restart_ready_s", "?")
                            + " s on restart";
                    targets.add("ready_s<5");
                    met = ready < 5 && number(s, "restart_ready_s") < 5;
                    results.add(String.format(Locale.ROOT, "RESULT scenario=startup ready_s=%s restart_ready_s=%s target=ready_s<5 met=%s",
                            s.get("ready_s"), s.getOrDefault("restart_ready_s", "NaN"), met ? "yes" : "no"));
                    System.out.printf(Locale.ROOT, "%-18s %s  [%s]%n", name, limit, met ? "met" : "NOT met");
                    continue;
                }
                case "cc_rs256", "cc_rs256_late" -> {
                    ratio = rps / rs256Nearby;
                    limit = s.containsKey("rs256_nearby")
                            ? String.format(Locale.ROOT, "RS256 signing %.0f/s (JMH right before and after; %.2f of the run's first JMH)",
                                    rs256Nearby, rps / rs256)
                            : "RS256 signing";
                    targets.add("ratio>=0.60");
                    met &= ratio >= 0.60;
                    targets.add("p99_ms<50");
                    met &= p99 < 50;
                }
                case "cc_rs256_java" -> {
                    // a cross-check of wrk's latencies: the Java driver takes three times wrk's share of the cores
                    ratio = rps / rs256;
                    limit = "RS256 signing (latency cross-check of cc_rs256; no ratio target)";
                    targets.add("p99_ms<50");
                    met &= p99 < 50;
                }
                case "cc_es256" -> {
                    ratio = rps / jwksNearby;
                    limit = String.format(Locale.ROOT, "JWKS rps %.0f (%.2f of ES256 signing)", jwksNearby, rps / jmh.getOrDefault("sign ES256", Double.NaN));
                    targets.add("ratio>=0.50");
                    met &= ratio >= 0.50;
                    targets.add("p99_ms<50");
                    met &= p99 < 50;
                }
                case "introspect_jwt" -> {
                    ratio = rps / jwksNearby;
                    limit = String.format(Locale.ROOT, "JWKS rps %.0f (%.2f of RS256 verification)", jwksNearby, rps / jmh.getOrDefault("verify RS256", Double.NaN));
                    targets.add("ratio>=0.50");
                    met &= ratio >= 0.50;
                }
                case "introspect_opaque" -> {
                    ratio = rps / jwksNearby;
                    limit = String.format(Locale.ROOT, "JWKS rps %.0f (no target)", jwksNearby);
                }
                case "jwks" -> {
                    ratio = 1.0;
                    limit = "itself (the reference of the run)";
                }
                case "refresh" -> {
                    double sigs = number(s, "sigs");
                    ratio = rps / (rs256 / sigs);
                    limit = String.format(Locale.ROOT, "RS256 signing / %.0f signatures per refresh (no target)", sigs);
                }
                case "login", "storm_login" -> {
                    ratio = rps / argon2Nearby;
                    limit = String.format(Locale.ROOT, "Argon2id verifications %.1f/s%s", argon2Nearby,
                            s.containsKey("argon2_nearby") ? " (JMH right before and after)" : "");
                    if (name.equals("login")) {
                        targets.add("ratio>=0.70");
                        met &= ratio >= 0.70;
                    }
                }
                case "storm_cc_rs256", "storm_jwks" -> {
                    limit = "p99 during the login storm";
                    targets.add("p99_ms<100");
                    met &= p99 < 100;
                }
                default -> limit = "";
            }
            double inFlight = rps * number(s, "mean_ms") / 1000;
            if (inFlight > 1.25 * number(s, "conns")) {
                notes.add(String.format(Locale.ROOT, "%s: the latencies are inconsistent (rps x mean latency = %.0f in flight with %s connections)",
                        name, inFlight, s.get("conns")));
            }
            targets.add("errors=0");
            met &= errors == 0;
            targets.add("rss<600MiB");
            met &= rss < RSS_LIMIT_MIB;
            String target = String.join(",", targets);
            System.out.printf(Locale.ROOT, "%-18s %9.1f %9.2f %9.2f %7d %8.0f %7s  %s; %s [%s]%n", name, rps,
                    number(s, "p50_ms"), p99, errors, rss, ratio == null ? "-" : String.format(Locale.ROOT, "%.2f", ratio),
                    limit, target, met ? "met" : "NOT met");
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "RESULT scenario=%s rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d peak_rss_mib=%.0f ratio=%s",
                    name, rps, number(s, "p50_ms"), p99, errors, rss, ratio == null ? "NaN" : String.format(Locale.ROOT, "%.3f", ratio)));
            for (String extra : List.of("commits_raw", "rows_written_raw", "commits_per_1000", "rows_written_per_1000", "idle_commits_per_s",
                    "server_cores", "loadgen_cores", "other_cores", "steal_cores", "db_cores", "pool_pending_max", "pool_active_max", "rs256_nearby",
                    "rs256_before", "rs256_after", "argon2_nearby",
                    "contended")) {
                if (s.containsKey(extra)) {
                    line.append(' ').append(extra).append('=').append(s.get(extra));
                }
            }
            line.append(" target=").append(target).append(" met=").append(met ? "yes" : "no");
            results.add(line.toString());
        }
        notes.forEach(note -> System.out.println("NOTE " + note));
        System.out.println();
        results.forEach(System.out::println);
    }

    private static Map<String, Double> jmh(Path file) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        JsonNode runs = JsonMapper.builder().build().readTree(file.toFile());
        for (JsonNode run : runs) {
            String benchmark = run.path("benchmark").asString();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            String name = benchmark.contains("Argon2") ? "argon2id" : method + " " + run.path("params").path("alg").asString();
            out.put(name, run.path("primaryMetric").path("score").asDouble());
        }
        return out;
    }

    private static Map<String, Map<String, String>> scenarios(Path file) throws IOException {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String pair : line.trim().split("\\s+")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    fields.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            if (fields.containsKey("scenario")) {
                out.computeIfAbsent(fields.get("scenario"), k -> new LinkedHashMap<>()).putAll(fields);
            }
        }
        return out;
    }

    /** A limit measured next to the scenario ({@code key} of its line), else the run's own. */
    private static double nearby(Map<String, String> scenario, String key, double fallback) {
        return scenario.containsKey(key) ? number(scenario, key) : fallback;
    }

    private static double number(Map<String, String> fields, String key) {
        if (fields == null || fields.get(key) == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(fields.get(key));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
