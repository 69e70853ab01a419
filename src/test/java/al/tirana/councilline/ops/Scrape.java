package al.tirana.councilline.ops;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;

/** A /metrics answer parsed by a Prometheus text-format parser, by family name. */
record Scrape(Map<String, MetricFamily> families) {

  static Scrape parse(String text) throws Exception {
    Map<String, MetricFamily> families = new LinkedHashMap<>();
    TextPrometheusMetricDataParser parser =
        new TextPrometheusMetricDataParser(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    for (MetricFamily family = parser.parse(); family != null; family = parser.parse()) {
      families.put(family.getName(), family);
    }
    return new Scrape(families);
  }

  List<Metric> metrics(String family) {
    MetricFamily found = families.get(family);
    return found == null ? List.of() : found.getMetrics();
  }

  /** The value of the family's series with exactly these labels among its own (others may exist), or -1. */
  double value(String family, Map<String, String> labels) {
    for (Metric metric : metrics(family)) {
      if (metric.getLabels().entrySet().containsAll(labels.entrySet())) {
        return metric instanceof Gauge g ? g.getValue() : metric instanceof Counter c ? c.getValue()
            : metric instanceof Histogram h ? h.getSampleCount() : -1;
      }
    }
    return -1;
  }

  List<String> labelValues() {
    List<String> values = new ArrayList<>();
    families.values().forEach(f -> f.getMetrics().forEach(m -> values.addAll(m.getLabels().values())));
    return values;
  }
}
