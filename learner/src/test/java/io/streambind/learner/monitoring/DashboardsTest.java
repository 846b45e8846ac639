package io.streambind.learner.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rough PromQL scan finds metrics and nothing else; every dashboard has queries. */
class DashboardsTest {
    @Test
    void findsMetricsButNotFunctionsLabelsRangesOrKeywords() {
        assertThat(Dashboards.metricNames(
                        "sum by (model, pair) (rate(streambind_batches_trained_total{model=~\"$model\"}[1m]))"))
                .containsExactly("streambind_batches_trained_total");
        assertThat(Dashboards.metricNames("rate(a_sum[$__rate_interval]) / rate(a_count[5m]) > 0.5 and on(model) b"))
                .containsExactly("a_count", "a_sum", "b");
        assertThat(Dashboards.metricNames("histogram_quantile(0.99, sum without (le) (c_bucket{x=\"rate(y)\"}))"))
                .containsExactly("c_bucket");
        assertThat(Dashboards.metricNames("label_values(streambind_step, model)"))
                .containsExactly("streambind_step");
    }

    @Test
    void everyDashboardQueriesSomething() throws Exception {
        Map<String, Set<String>> used = Dashboards.metricNames(Dashboards.directory());
        assertThat(used)
                .isNotEmpty()
                .allSatisfy((file, names) -> assertThat(names).as(file).isNotEmpty());
    }
}
