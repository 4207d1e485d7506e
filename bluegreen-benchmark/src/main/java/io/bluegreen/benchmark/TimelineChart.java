package io.bluegreen.benchmark;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws records processed per second by each color over time, with XChart.
 *
 * @author bluegreen
 */
final class TimelineChart {

	private static final long BUCKET_NANOS = 100_000_000L;

	private TimelineChart() {
	}

	static void write(Path file, String title, List<Journal.Processed> processed, long startNanos, long endNanos)
			throws IOException {
		int buckets = (int) Math.max(1, (endNanos - startNanos) / BUCKET_NANOS);
		XYChart chart = new XYChartBuilder().width(900)
			.height(300)
			.title(title)
			.xAxisTitle("seconds")
			.yAxisTitle("records/s")
			.build();
		chart.getStyler().setChartTitleVisible(true);
		chart.getStyler().setXAxisTickMarkSpacingHint(80);
		chart.getStyler().setXAxisDecimalPattern("0.0");
		for (String color : Scenario.COLORS) {
			double[] counts = new double[buckets];
			for (Journal.Processed record : processed) {
				int bucket = (int) ((record.nanos() - startNanos) / BUCKET_NANOS);
				if (record.color().equals(color) && bucket >= 0 && bucket < buckets) {
					counts[bucket] += 1e9 / BUCKET_NANOS;
				}
			}
			List<Double> x = new ArrayList<>();
			List<Double> y = new ArrayList<>();
			for (int bucket = 0; bucket < buckets; bucket++) {
				x.add(bucket * BUCKET_NANOS / 1e9);
				y.add(counts[bucket]);
			}
			XYSeries series = chart.addSeries(color, x, y);
			series.setMarker(SeriesMarkers.NONE);
			series.setLineColor(color.equals("blue") ? Color.BLUE : new Color(0, 150, 0));
		}
		BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
	}

}
