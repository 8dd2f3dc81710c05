package io.github.vaults4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Prints the ratio table of a benchmark run in Markdown: for each operation, value kind and storage mode, the
 * median time of every target and its ratio to the floor measured in the same run.
 *
 * <p>Arguments: JMH result files ({@code -rf json}), then {@code --external FILE} for each runtime timed
 * outside JMH (the CPython script writes one), in the same shape: {@code {"runtime": NAME, "results":
 * [{"benchmark", "value", "mode", "median_us"}]}}. A column appears for every target found, so a new runtime
 * needs no change here.
 */
public final class RatioTable {
    /** The most an operation may cost the core, as a multiple of the floor; operations not listed have none. */
    static final Map<String, Double> TARGETS = Map.of(
            "getHit", 1.3, "getMiss", 1.3, "containsKey", 1.3, "put", 1.3, "set", 1.3, "putMany", 2.0);

    private record Cell(String benchmark, String value, String mode) implements Comparable<Cell> {
        @Override
        public int compareTo(Cell o) {
            return Arrays.compare(new String[] {mode, value, order(benchmark)},
                    new String[] {o.mode, o.value, order(o.benchmark)});
        }

        private static String order(String benchmark) {
            List<String> order = List.of("getHit", "getMiss", "containsKey", "put", "set", "putMany", "iterate", "size");
            int index = order.indexOf(benchmark);
            return (index < 0 ? "9" : Integer.toString(index)) + benchmark;
        }
    }

    /** {@code --base TARGET} first on the command line: divide by that target instead of the floor. */
    static final String BASE_OPTION = "--base";

    private RatioTable() {
    }

    public static void main(String[] args) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<Cell, Map<String, Double>> medians = new TreeMap<>();
        Set<String> targets = new LinkedHashSet<>();
        String base = Targets.FLOOR;
        if (args.length > 1 && args[0].equals(BASE_OPTION)) {
            base = args[1];
            args = Arrays.copyOfRange(args, 2, args.length);
        }
        targets.add(base);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--external")) {
                JsonNode external = json.readTree(Path.of(args[++i]).toFile());
                String runtime = external.get("runtime").asText();
                targets.add(runtime);
                for (JsonNode result : external.get("results")) {
                    Cell cell = new Cell(result.get("benchmark").asText(), result.get("value").asText(),
                            result.get("mode").asText());
                    medians.computeIfAbsent(cell, c -> new TreeMap<>()).put(runtime, result.get("median_us").asDouble());
                }
                continue;
            }
            for (JsonNode result : json.readTree(Path.of(args[i]).toFile())) {
                String benchmark = result.get("benchmark").asText();
                JsonNode params = result.get("params");
                Cell cell = new Cell(benchmark.substring(benchmark.lastIndexOf('.') + 1), params.get("value").asText(),
                        params.get("mode").asText());
                String target = params.get("target").asText();
                targets.add(target);
                medians.computeIfAbsent(cell, c -> new TreeMap<>()).put(target, median(result.get("primaryMetric").get("rawData")));
            }
        }
        System.out.print(render(medians, new ArrayList<>(targets)));
    }

    private static double median(JsonNode rawData) {
        List<Double> samples = new ArrayList<>();
        for (JsonNode fork : rawData) {
            for (JsonNode sample : fork) {
                samples.add(sample.asDouble());
            }
        }
        samples.sort(null);
        int n = samples.size();
        return n % 2 == 1 ? samples.get(n / 2) : (samples.get(n / 2 - 1) + samples.get(n / 2)) / 2;
    }

    /** The targets, the first being the one every other is divided by (the floor unless {@value #BASE_OPTION}). */
    static String render(Map<Cell, Map<String, Double>> medians, List<String> targets) {
        String base = targets.get(0);
        boolean againstFloor = base.equals(Targets.FLOOR);
        List<String> others = targets.subList(1, targets.size());
        StringBuilder out = new StringBuilder("| operation | values | mode | " + base + " µs |");
        StringBuilder rule = new StringBuilder("|---|---|---|---:|");
        for (String target : others) {
            out.append(' ').append(target).append(" µs | ").append(target).append(" ÷ ").append(base).append(" |");
            rule.append("---:|---:|");
        }
        out.append(againstFloor ? " core target |\n" : "\n").append(rule).append(againstFloor ? "---|\n" : "\n");
        for (Map.Entry<Cell, Map<String, Double>> row : medians.entrySet()) {
            Cell cell = row.getKey();
            Double floor = row.getValue().get(base);
            out.append("| ").append(cell.benchmark).append(" | ").append(cell.value).append(" | ").append(cell.mode)
                    .append(" | ").append(format(floor)).append(" |");
            for (String target : others) {
                Double time = row.getValue().get(target);
                out.append(' ').append(format(time)).append(" | ")
                        .append(time == null || floor == null ? "—" : String.format(Locale.ROOT, "%.2f×", time / floor))
                        .append(" |");
            }
            if (!againstFloor) {
                out.append('\n');
                continue;
            }
            Double limit = TARGETS.get(cell.benchmark);
            Double core = row.getValue().get("core");
            if (limit == null || core == null || floor == null) {
                out.append(" — |\n");
            } else {
                out.append(String.format(Locale.ROOT, " ≤ %.1f× %s |%n", limit, core / floor <= limit ? "holds" : "MISSED"));
            }
        }
        return out.toString();
    }

    private static String format(Double micros) {
        if (micros == null) {
            return "—";
        }
        return String.format(Locale.ROOT, micros >= 100 ? "%.0f" : "%.1f", micros);
    }
}
