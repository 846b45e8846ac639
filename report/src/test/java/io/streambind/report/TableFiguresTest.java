package io.streambind.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class TableFiguresTest {
    @Test
    void spreadIsMeanAndRangeOverTheRunsThatDefineTheFigure() {
        Spread spread = Spread.of(0.5, 0.8, Double.NaN, 0.6);
        assertThat(spread.runs()).isEqualTo(3);
        assertThat(spread.mean()).isCloseTo(0.6333333, within(1e-6));
        assertThat(spread.min()).isEqualTo(0.5);
        assertThat(spread.max()).isEqualTo(0.8);
        assertThat(spread.range()).isCloseTo(0.3, within(1e-12));
        assertThat(Spread.of(0.7).range()).isZero();
        assertThat(Spread.of(Double.NaN).runs()).isZero();
    }

    @Test
    void spreadPerFigureFollowsTheTableColumns() {
        List<Spread> spreads = TableFigures.spread(List.of(
                new TableFigures(0.5, -0.02, 0.8, -0.01, 0.99, 0.0, 0.02),
                new TableFigures(0.6, -0.04, 0.9, Double.NaN, 0.97, 0.01, 0.04)));
        assertThat(spreads).hasSize(TableFigures.NAMES.size());
        assertThat(spreads.get(0).mean()).isCloseTo(0.55, within(1e-12));
        assertThat(spreads.get(1).min()).isEqualTo(-0.04);
        assertThat(spreads.get(3).runs()).isEqualTo(1);
        assertThat(spreads.get(4).max()).isEqualTo(0.99);
        assertThat(spreads.get(TableFigures.STABILITY_DEVIATION).mean()).isCloseTo(0.03, within(1e-12));
    }

    @Test
    void tableFiguresAreTheSummaryRowOfAModel() {
        TableFigures figures = TableFigures.of(ContinualTable.of("dns", ReportFixtures.threeSteps()));
        // the same fixture's summary row in ReportPageTest: 72.50, -12.50, 25.83, -6.25, 51.67, -12.50, 0.0600
        assertThat(figures.accuracy()).isCloseTo(0.725, within(1e-9));
        assertThat(figures.bwtRecall10()).isCloseTo(-0.125, within(1e-9));
        assertThat(figures.stabilityDeviation()).isCloseTo(0.06, within(1e-9));
    }

    @Test
    void reportShowsMeanAndRangeOverRunsWhenGiven() {
        TableFigures run = TableFigures.of(ContinualTable.of("dns", ReportFixtures.threeSteps()));
        TableFigures other = new TableFigures(
                0.705,
                run.bwtAccuracy(),
                run.recall1(),
                run.bwtRecall1(),
                run.recall10(),
                run.bwtRecall10(),
                run.stabilityDeviation());
        Element repeats = Jsoup.parse(ReportPage.render(
                        "Runs",
                        List.of(new ReportPage.ModelReports("dns", ReportFixtures.threeSteps())),
                        Map.of("dns", List.of(run, other))))
                .getElementById("repeats");
        assertThat(repeats).isNotNull();
        assertThat(repeats.select("tr").get(1).select("td").get(1).text()).isEqualTo("71.50 70.50–72.50");
        assertThat(Jsoup.parse(ReportPage.render(
                                "One run", List.of(new ReportPage.ModelReports("dns", ReportFixtures.threeSteps()))))
                        .getElementById("repeats"))
                .isNull();
    }
}
