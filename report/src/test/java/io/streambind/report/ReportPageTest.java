package io.streambind.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class ReportPageTest {
    private final Document page = Jsoup.parse(ReportPage.render(
            "Run <1>",
            List.of(
                    new ReportPage.ModelReports("dns", ReportFixtures.threeSteps()),
                    new ReportPage.ModelReports("vanilla", ReportFixtures.threeSteps()))));

    @Test
    void summaryHasThePaperColumnsPerModel() {
        Element summary = page.getElementById("summary");
        assertThat(summary).isNotNull();
        assertThat(summary.select("tr")).hasSize(3);
        List<String> dns = summary.select("tr").get(1).select("td").eachText();
        // model, Acc, BWT_A, R@1, BWT_R1, R@10, BWT_R10, stability, rows (the fixture's R@1 is half its R@10)
        assertThat(dns).containsExactly("dns", "72.50", "-12.50", "25.83", "-6.25", "51.67", "-12.50", "0.0600", "3");
    }

    @Test
    void heatmapsCarryEveryEvaluatedCell() {
        Element r1 = page.select("table.heatmap").first();
        assertThat(r1.select("tr.baseline td").eachText()).containsExactly("10.0", "12.5", "15.0");
        Element r10 = page.select("table.heatmap").get(1);
        assertThat(r10.select("tr.baseline td").eachText()).containsExactly("20.0", "25.0", "30.0");
        assertThat(r10.select("tr").get(4).select("td").eachText()).containsExactly("30.0", "55.0", "70.0");
        assertThat(r10.select("tr").get(2).select("td").stream().map(Element::text))
                .containsExactly("50.0", "", "");
        Element accuracy = page.select("table.heatmap").get(2);
        assertThat(accuracy.select("tr.baseline td").stream().map(Element::text))
                .containsExactly("10.0", "15.0", "");
    }

    @Test
    void pageIsSelfContainedAndEscaped() {
        assertThat(page.title()).isEqualTo("Run <1>");
        assertThat(page.select("script, link, img")).isEmpty();
        assertThat(page.select("svg.chart")).hasSize(5);
        assertThat(page.select("table.ranks")
                        .first()
                        .select("tr")
                        .get(3)
                        .select("td")
                        .eachText())
                .contains("12 / 7");
    }
}
