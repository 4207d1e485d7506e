package io.bluegreen.benchmark;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

import org.jspecify.annotations.Nullable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the median switch of a scale sweep against one size of the fleet, one series per
 * value of the other, with XChart: a solid line to the switch's completion and a dashed
 * one to the new color's first record.
 *
 * @author bluegreen
 */
final class ScaleChart {

	private static final List<Color> COLORS = List.of(new Color(31, 119, 180), new Color(214, 39, 40),
			new Color(44, 160, 44), new Color(148, 103, 189), new Color(255, 127, 14));

	private static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
			new float[] { 6f, 4f }, 0f);

	private ScaleChart() {
	}

	/**
	 * Draw a chart.
	 * @param file the PNG file
	 * @param title the chart's title
	 * @param xAxisTitle what the x axis shows
	 * @param points the points of the sweep
	 * @param x the value of a point on the x axis
	 * @param series the value of a point that tells its series
	 * @param seriesName the name of a series, from that value
	 * @throws IOException if the file cannot be written
	 */
	static void write(Path file, String title, String xAxisTitle, List<ScaleResult> points,
			ToIntFunction<ScaleResult> x, ToIntFunction<ScaleResult> series, IntFunction<String> seriesName)
			throws IOException {
		XYChart chart = new XYChartBuilder().width(900)
			.height(450)
			.title(title)
			.xAxisTitle(xAxisTitle)
			.yAxisTitle("ms, p50")
			.build();
		chart.getStyler().setChartTitleVisible(true);
		chart.getStyler().setYAxisMin(0.0);
		List<Integer> seriesValues = points.stream().map(series::applyAsInt).distinct().sorted().toList();
		for (int i = 0; i < seriesValues.size(); i++) {
			int value = seriesValues.get(i);
			List<ScaleResult> ofSeries = points.stream()
				.filter((point) -> series.applyAsInt(point) == value)
				.sorted(Comparator.comparingInt(x))
				.toList();
			Color color = COLORS.get(i % COLORS.size());
			add(chart, seriesName.apply(value) + ", to completed", ofSeries, x, (point) -> point.requestMillis().p50(),
					color, null);
			add(chart, seriesName.apply(value) + ", to first record", ofSeries, x,
					(point) -> point.toFirstRecordMillis().p50(), color, DASHED);
		}
		BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
	}

	private static void add(XYChart chart, String name, List<ScaleResult> points, ToIntFunction<ScaleResult> x,
			ToDoubleFunction<ScaleResult> y, Color color, @Nullable BasicStroke stroke) {
		// A switch whose new color processed nothing has no time to first record
		List<ScaleResult> measured = points.stream().filter((point) -> !Double.isNaN(y.applyAsDouble(point))).toList();
		if (measured.isEmpty()) {
			return;
		}
		XYSeries series = chart.addSeries(name, measured.stream().map(x::applyAsInt).toList(),
				measured.stream().map(y::applyAsDouble).toList());
		series.setMarker(SeriesMarkers.CIRCLE);
		series.setMarkerColor(color);
		series.setLineColor(color);
		if (stroke != null) {
			series.setLineStyle(stroke);
		}
	}

}
